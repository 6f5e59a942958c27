package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamFile;
import dev.convstream.plugin.Decibels;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleRates;
import dev.convstream.plugin.WarmUp;

/**
 * A {@code .nam} model made ready for one {@link ProcessSpec}: one streaming model per channel
 * (each channel keeps its own state), allocated, JIT-warmed (on a test signal) and reset to the steady state of
 * silence, plus the loudness normalisation gain of the file. Built on a control thread, then
 * handed to the audio thread whole through a {@code ResourceSlot}, so a model and its
 * normalisation always switch together, at a block boundary.
 *
 * <p>After {@link #build} the instance belongs to the audio thread.
 */
final class PreparedModel {

    /** NAM's playback convention: models are normalised to this output loudness (dB). */
    static final double TARGET_LOUDNESS_DB = -18;

    private final StreamingModel[] channels;
    private final SlimmableContainer[] containers; // the channels that are containers (all or none)
    private final float normalisationGain;

    private PreparedModel(StreamingModel[] channels, float normalisationGain) {
        this.channels = channels;
        this.containers = java.util.Arrays.stream(channels).filter(SlimmableContainer.class::isInstance)
                .map(SlimmableContainer.class::cast).toArray(SlimmableContainer[]::new);
        this.normalisationGain = normalisationGain;
    }

    /**
     * Builds the per-channel models for {@code spec}, warms them up and resets them (a container
     * to the submodel of {@code size}, see {@link #selectSize}).
     * [main-thread: allocates, may take a while]
     *
     * @throws IllegalArgumentException when the file's sample rate is not the spec's (naming
     *                                  the file and both rates) or the model is not causal
     */
    static PreparedModel build(NamFile file, String path, ProcessSpec spec, Kernels kernels, WarmUp warmUp,
                               double size) {
        // A NAM model's sound (its filters, its receptive field in time) is fixed at the rate it
        // was trained at, and this plugin does not resample.
        SampleRates.requireHostRate(WaveNetPlugin.ID, "model " + path, file.sampleRate(), spec.sampleRate());
        StreamingModel[] models = new StreamingModel[spec.channels()];
        for (int c = 0; c < models.length; c++) {
            models[c] = file.newModel(kernels);
            models[c].prepare(spec.maxBlockSize());
            if (models[c].latency() != 0) {
                throw new IllegalArgumentException("model " + path + " has latency " + models[c].latency()
                        + "; the wavenet plugin runs causal models (latency 0) only");
            }
        }
        warm(models[0], spec.maxBlockSize(), warmUp);
        Double loudness = file.metadata().loudness();
        float norm = loudness == null ? 1f : Decibels.toGain(TARGET_LOUDNESS_DB - loudness);
        PreparedModel prepared = new PreparedModel(models, norm);
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
    private static void warm(StreamingModel model, int maxBlock, WarmUp warmUp) {
        float[] in = new float[maxBlock];
        float[] out = new float[maxBlock];
        int[] sizes = {maxBlock, 1, Math.min(maxBlock, 64)};
        WarmUp.Run run = warmUp.start();
        long samples = 0;
        for (int k = 0; !run.done(); k++) {
            int n = sizes[k % sizes.length];
            double level = Math.pow(10, (-40 + (k % 24) * 2) / 20.0);
            for (int i = 0; i < n; i++) {
                long t = samples + i;
                in[i] = (float) (level * (Math.sin(0.031 * t) + 0.5 * Math.sin(0.173 * t)));
            }
            long t0 = System.nanoTime();
            model.process(in, 0, out, 0, n);
            long took = System.nanoTime() - t0;
            samples += n;
            run.ran(n);
            if (n == maxBlock) {
                run.timed(took);
            }
        }
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

    /** The model of channel {@code c}. [audio-thread] */
    StreamingModel channel(int c) {
        return channels[c];
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
    }
}
