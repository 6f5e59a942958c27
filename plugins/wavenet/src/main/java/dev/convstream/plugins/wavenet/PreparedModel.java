package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.SlimmableContainer;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamFile;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.Decibels;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleRates;
import dev.convstream.plugin.WarmUp;
import dev.convstream.resample.RateAdapter;
import dev.convstream.resample.Resampler;

/**
 * A {@code .nam} model made ready for one {@link ProcessSpec}, plus the loudness normalisation
 * gain of the file. Built on a control thread, then handed to the audio thread whole through a
 * {@code ResourceSlot}, so a model and its normalisation always switch together, at a block
 * boundary.
 *
 * <p>Channels ({@link #mapping}): a mono model runs once per channel of the block, each channel
 * with its own state (any N -> N); a model of N inputs and M outputs runs once on the whole
 * block, reading channels 0..N-1 and writing 0..M-1 (N -> M only). Each instance is allocated,
 * JIT-warmed (on a test signal) and reset to NAM core's start state (its pre-warm). A model
 * trained at another rate than the host's runs inside a {@link RateAdapter} (resample every
 * input channel to the model's rate, run, resample every output back), adding
 * {@link #latency()} samples.
 *
 * <p>After {@link #build} the instance belongs to the audio thread.
 */
final class PreparedModel {

    /** NAM's playback convention: models are normalised to this output loudness (dB). */
    static final double TARGET_LOUDNESS_DB = -18;

    /** One per channel (a mono model), or the one model of several channels. */
    private final StreamingModel[] models;
    /** One per model when its rate is not the host's, else null. */
    private final RateAdapter[] adapters;
    private final boolean perChannel;
    private final SlimmableContainer[] containers; // the channels that are containers (all or none)
    private final float normalisationGain;

    private PreparedModel(StreamingModel[] models, RateAdapter[] adapters, boolean perChannel,
                          float normalisationGain) {
        this.models = models;
        this.adapters = adapters;
        this.perChannel = perChannel;
        this.containers = java.util.Arrays.stream(models).filter(SlimmableContainer.class::isInstance)
                .map(SlimmableContainer.class::cast).toArray(SlimmableContainer[]::new);
        this.normalisationGain = normalisationGain;
    }

    /**
     * How a plugin holding {@code file} (null: none) maps channels: per channel for a mono model
     * (or none), {@code N -> M} for a model of N inputs and M outputs. [thread-safe]
     */
    static ChannelMapping mapping(NamFile file, String path) {
        if (file == null || file.isMono()) {
            return ChannelMapping.perChannel();
        }
        return ChannelMapping.of(file.inputChannels(), file.outputChannels()).because("model " + path + " has "
                + counts(file));
    }

    /** "2 inputs and 3 outputs". */
    static String counts(NamFile file) {
        return file.inputChannels() + (file.inputChannels() == 1 ? " input" : " inputs") + " and "
                + file.outputChannels() + (file.outputChannels() == 1 ? " output" : " outputs");
    }

    /**
     * Builds the model(s) for {@code spec}, warms them up and resets them (a container to the
     * submodel of {@code size}, see {@link #selectSize}). [main-thread: allocates, may take a while]
     *
     * @throws IllegalArgumentException when the model's channels do not fit {@code spec} (naming
     *                                  the file and both counts), or it is not causal
     */
    static PreparedModel build(NamFile file, String path, ProcessSpec spec, Kernels kernels, WarmUp warmUp,
                               double size) {
        requireFits(file, path, spec);
        boolean perChannel = file.isMono();
        StreamingModel[] models = new StreamingModel[perChannel ? spec.channels() : 1];
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
                adapters[c] = perChannel
                        ? new RateAdapter(toModel, toHost, block, (in, out, n) -> m.process(in, 0, out, 0, n))
                        : new RateAdapter(toModel, toHost, m.inputChannels(), m.outputChannels(), block,
                                (in, out, n) -> m.process(in, 0, out, 0, n));
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
        PreparedModel prepared = new PreparedModel(models, adapters, perChannel, norm);
        warm(prepared, spec, warmUp);
        prepared.selectSize(size); // a container starts on the submodel asked for, not by a crossfade
        prepared.reset();
        return prepared;
    }

    /**
     * A mono model fits every spec of as many output channels as input channels (one per
     * channel); a model of N inputs and M outputs only {@code N -> M}. The message says what the
     * model needs and what the spec has, and, for a model loaded while audio runs, that the
     * playing model keeps playing (the holder keeps it when the build throws).
     */
    private static void requireFits(NamFile file, String path, ProcessSpec spec) {
        if (file.isMono() ? spec.channels() == spec.outputChannels()
                : spec.channels() == file.inputChannels() && spec.outputChannels() == file.outputChannels()) {
            return;
        }
        throw new IllegalArgumentException("plugin '" + WaveNetPlugin.ID + "': model " + path + " has " + counts(file)
                + ": " + (file.isMono() ? "a mono model runs on each channel alone (N -> N)"
                : "it reads the block's first " + file.inputChannels() + " channel(s) and writes "
                        + file.outputChannels() + " (" + file.inputChannels() + " -> " + file.outputChannels() + ")")
                + ", but the plugin is prepared for " + spec.channels() + " -> " + spec.outputChannels() + " channels"
                + " (a model of other channel counts loaded while the plugin plays is refused, and the model in use"
                + " keeps playing; prepare the plugin again with the channels the new model needs)");
    }

    /**
     * Runs a test signal through the model, cycling the full block, one frame and a small
     * block so every GEMM shape the audio thread may meet gets compiled. A signal, not silence:
     * silence leaves the activations' saturation branches untaken, and the JIT then compiles
     * them as traps that deoptimise on the first loud block of real audio (measured: blocks of
     * 10-50 ms on the A1 standard model after a warm-up on silence). The sweep of levels,
     * from -40 dB to +6 dB, reaches them. A mono model warms channel 0's instance (the others
     * run the same code); a model of several channels gets the signal on every input.
     */
    private static void warm(PreparedModel model, ProcessSpec spec, WarmUp warmUp) {
        int maxBlock = spec.maxBlockSize();
        float[][] buffer = new float[model.perChannel ? 1 : spec.blockChannels()][maxBlock];
        int[] sizes = {maxBlock, 1, Math.min(maxBlock, 64)};
        WarmUp.Run run = warmUp.start(spec);
        long samples = 0;
        for (int k = 0; !run.done(); k++) {
            int n = sizes[k % sizes.length];
            double level = Math.pow(10, (-40 + (k % 24) * 2) / 20.0);
            for (int c = 0; c < buffer.length; c++) {
                for (int i = 0; i < n; i++) {
                    long t = samples + i;
                    buffer[c][i] = (float) (level * (Math.sin(0.031 * t + c) + 0.5 * Math.sin(0.173 * t)));
                }
            }
            long t0 = System.nanoTime();
            if (model.perChannel) {
                model.process(0, buffer[0], 0, buffer[0], 0, n);
            } else {
                model.process(buffer, 0, buffer, 0, n);
            }
            long took = System.nanoTime() - t0;
            samples += n;
            run.ran(n);
            if (n == maxBlock) {
                run.timed(took);
            }
        }
    }

    /**
     * The model's output for a whole block: per channel, channel {@code c} of {@code in} to
     * channel {@code c} of {@code out} for every prepared channel; a model of several channels,
     * its inputs {@code in[0..N)} to its outputs {@code out[0..M)}. In place when they are the
     * same arrays. [audio-thread]
     */
    void process(float[][] in, int inOff, float[][] out, int outOff, int n) {
        if (perChannel) {
            for (int c = 0; c < models.length; c++) {
                process(c, in[c], inOff, out[c], outOff, n);
            }
        } else if (adapters == null) {
            models[0].process(in, inOff, out, outOff, n);
        } else {
            adapters[0].process(in, inOff, out, outOff, n);
        }
    }

    /** Channel {@code c}'s model of a mono model (behind its resampler, if any). [audio-thread] */
    private void process(int c, float[] in, int inOff, float[] out, int outOff, int n) {
        if (adapters == null) {
            models[c].process(in, inOff, out, outOff, n);
        } else {
            adapters[c].process(in, inOff, out, outOff, n);
        }
    }

    /** Channels {@link #process} writes: the prepared channels of a mono model, a model's outputs. [thread-safe] */
    int outputChannels() {
        return perChannel ? models.length : models[0].outputChannels();
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

    /** Every model back to NAM core's start state. [audio-thread] */
    void reset() {
        for (StreamingModel m : models) {
            m.reset();
        }
        if (adapters != null) {
            for (RateAdapter a : adapters) {
                a.reset();
            }
        }
    }
}
