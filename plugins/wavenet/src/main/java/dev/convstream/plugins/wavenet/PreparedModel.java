package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamFile;
import dev.convstream.plugin.Decibels;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleRates;
import dev.convstream.plugin.WarmUp;
import dev.convstream.resample.RateAdapter;
import dev.convstream.resample.Resampler;

/**
 * A {@code .nam} model made ready for one {@link ProcessSpec}: one streaming model per channel
 * (each channel keeps its own state), allocated, JIT-warmed (on a test signal) and reset to the steady state of
 * silence, plus the loudness normalisation gain of the file. A model trained at another rate
 * than the host's runs inside a {@link RateAdapter} per channel (resample to the model's rate,
 * run, resample back), adding {@link #latency()} samples. Built on a control thread, then
 * handed to the audio thread whole through a {@code ResourceSlot}, so a model and its
 * normalisation always switch together, at a block boundary.
 *
 * <p>After {@link #build} the instance belongs to the audio thread.
 */
final class PreparedModel {

    /** NAM's playback convention: models are normalised to this output loudness (dB). */
    static final double TARGET_LOUDNESS_DB = -18;

    private final StreamingModel[] channels;
    /** One per channel around the model when its rate is not the host's, else null. */
    private final RateAdapter[] adapters;
    private final SlimmableContainer[] containers; // the channels that are containers (all or none)
    private final float normalisationGain;

    private PreparedModel(StreamingModel[] channels, RateAdapter[] adapters, float normalisationGain) {
        this.channels = channels;
        this.adapters = adapters;
        this.containers = java.util.Arrays.stream(channels).filter(SlimmableContainer.class::isInstance)
                .map(SlimmableContainer.class::cast).toArray(SlimmableContainer[]::new);
        this.normalisationGain = normalisationGain;
    }

    /**
     * Builds the per-channel models for {@code spec}, warms them up and resets them (a container
     * to the submodel of {@code size}, see {@link #selectSize}).
     * [main-thread: allocates, may take a while]
     *
     * @throws IllegalArgumentException when the model is not causal
     */
    static PreparedModel build(NamFile file, String path, ProcessSpec spec, Kernels kernels, WarmUp warmUp,
                               double size) {
        StreamingModel[] models = new StreamingModel[spec.channels()];
        // A NAM model's sound (its filters, its receptive field in time) is fixed at the rate it
        // was trained at: at another host rate it runs at its own rate behind a resampler.
        RateAdapter[] adapters = SampleRates.same(file.sampleRate(), spec.sampleRate()) ? null
                : new RateAdapter[models.length];
        Resampler toModel = adapters == null ? null : new Resampler(spec.sampleRate(), file.sampleRate());
        Resampler toHost = adapters == null ? null : new Resampler(file.sampleRate(), spec.sampleRate());
        for (int c = 0; c < models.length; c++) {
            StreamingModel m = file.newModel(kernels);
            models[c] = m;
            int block = spec.maxBlockSize();
            if (adapters != null) {
                adapters[c] = new RateAdapter(toModel, toHost, block, (in, out, n) -> m.process(in, 0, out, 0, n));
                block = adapters[c].maxInnerBlock();
            }
            m.prepare(block);
            if (m.latency() != 0) {
                throw new IllegalArgumentException("model " + path + " has latency " + m.latency()
                        + "; the nam plugin runs causal models (latency 0) only");
            }
        }
        Double loudness = file.metadata().loudness();
        float norm = loudness == null ? 1f : Decibels.toGain(TARGET_LOUDNESS_DB - loudness);
        PreparedModel prepared = new PreparedModel(models, adapters, norm);
        warm(prepared, spec, warmUp);
        prepared.selectSize(size); // a container starts on the submodel asked for, not by a crossfade
        prepared.reset();
        return prepared;
    }

    /**
     * Runs a test signal through the model, cycling the full block, one frame and a small
     * block so every GEMM shape the audio thread may meet gets compiled. A signal, not silence:
     * silence leaves the activations' saturation branches untaken, and the JIT then compiles
     * them as traps that deoptimise on the first loud block of real audio (measured: blocks of
     * 10-50 ms on the A1 standard model after a warm-up on silence). The sweep of levels,
     * from -40 dB to +6 dB, reaches them.
     */
    private static void warm(PreparedModel model, ProcessSpec spec, WarmUp warmUp) {
        int maxBlock = spec.maxBlockSize();
        float[] in = new float[maxBlock];
        int[] sizes = {maxBlock, 1, Math.min(maxBlock, 64)};
        WarmUp.Run run = warmUp.start(spec);
        long samples = 0;
        for (int k = 0; !run.done(); k++) {
            int n = sizes[k % sizes.length];
            double level = Math.pow(10, (-40 + (k % 24) * 2) / 20.0);
            for (int i = 0; i < n; i++) {
                long t = samples + i;
                in[i] = (float) (level * (Math.sin(0.031 * t) + 0.5 * Math.sin(0.173 * t)));
            }
            long t0 = System.nanoTime();
            model.process(0, in, 0, in, 0, n);
            long took = System.nanoTime() - t0;
            samples += n;
            run.ran(n);
            if (n == maxBlock) {
                run.timed(took);
            }
        }
    }

    /**
     * Channel {@code c}'s model (behind its resampler, if any) on {@code in[inOff .. inOff + n)},
     * written to {@code out[outOff ..]}; in place when they are the same. [audio-thread]
     */
    void process(int c, float[] in, int inOff, float[] out, int outOff, int n) {
        if (adapters == null) {
            channels[c].process(in, inOff, out, outOff, n);
        } else {
            adapters[c].process(in, inOff, out, outOff, n);
        }
    }

    /** Host-rate samples the resamplers add (0 at the model's own rate). [thread-safe] */
    int latency() {
        return adapters == null ? 0 : adapters[0].latency();
    }

    /**
     * Containers: every channel asks for the submodel of {@code size} (1 or more: NAM core's
     * default, the last); a change is crossfaded by the container. Others: nothing. [audio-thread, no allocation]
     */
    void selectSize(double size) {
        for (SlimmableContainer c : containers) {
            if (size >= 1) {
                c.select(c.defaultIndex());
            } else {
                c.selectSize(size);
            }
        }
    }

    /**
     * Linear gain bringing the file's {@code metadata.loudness} to {@link #TARGET_LOUDNESS_DB};
     * 1 when the file does not state its loudness. [thread-safe]
     */
    float normalisationGain() {
        return normalisationGain;
    }

    /** Every channel back to the steady state of silence. [audio-thread] */
    void reset() {
        for (StreamingModel m : channels) {
            m.reset();
        }
        if (adapters != null) {
            for (RateAdapter a : adapters) {
                a.reset();
            }
        }
    }
}
