package dev.convstream.plugins.wavenet;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.Decibels;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ResourceHolder;
import dev.convstream.plugin.ResourceSlot;
import dev.convstream.plugin.ResourceSpec;
import dev.convstream.plugin.SampleGuard;
import dev.convstream.plugin.SmoothedValue;
import dev.convstream.plugin.WarmUp;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Neural Amp Modeler amp or pedal model ({@code .nam}, versions 0.5.0 to 0.7.x: WaveNet, a
 * SlimmableContainer such as A2, or Linear)
 * applied to every channel, each channel with its own model state.
 *
 * <p>Signal path: {@code input_gain} → model → {@code output_gain} × loudness normalisation.
 * Both gains ramp over {@link SmoothedValue#DEFAULT_RAMP_SECONDS}. When {@code normalize} is on
 * (≥ 0.5, the default) and the file states {@code metadata.loudness}, the output is scaled by
 * {@code 10^((-18 - loudness)/20)}: NAM's convention of playing every model at -18 dB, so
 * switching models does not jump in level. Files without loudness are not scaled.
 *
 * <p>Resource {@code model}: the path of the {@code .nam} file, held by a {@link ResourceHolder}.
 * {@code setResource} reads it with conv-core's {@link NamLoader}; once prepared, it builds one
 * streaming model per channel, allocates them, runs them on a sweep of signal levels to get the
 * JIT to compile the kernels ({@link WarmUp}), resets them and publishes the lot to a
 * {@link ResourceSlot}: the audio thread picks it up at its next block boundary, without a lock,
 * a gap or a lost block; a failed load leaves the previous model playing. Until a model is
 * loaded, audio passes through unchanged.
 *
 * <p>{@code fast_tanh} (≥ 0.5; off by default): the model computes NAM core's fast tanh for every
 * Tanh activation ({@link NamFile#withFastTanh()}), as the NAM plugin plays it, instead of the
 * exact tanh; see {@code docs/nam-fast-tanh.md}. A change takes effect when the model is next
 * built, off the audio thread: at the next {@link #prepare} or {@code setResource}. It is not
 * live, because switching means building and warming new models, which a parameter change (set
 * from any thread, read on the audio thread) has no place to do.
 *
 * <p>{@code size} (0 to 1, default 1): for a container of submodels (NAM's SlimmableContainer,
 * e.g. A2), the submodel NAM picks for this size (the first whose {@code max_value} is above
 * it); 1 plays NAM core's default, the last. Live: read at every block, a change switches the
 * submodel without a click or an allocation ({@link dev.convstream.model.SlimmableContainer}:
 * the new one warms up on the input unheard, then a short crossfade). Other models ignore it.
 *
 * <p>Sample rate: the model must have been trained at the host's rate. This plugin does not
 * resample: {@link #prepare} (and {@code setResource} on a prepared plugin) refuses another
 * rate with an {@link IllegalArgumentException} naming the file and both rates.
 *
 * <p>Latency: 0. NAM's WaveNet and Linear models are causal; a model that is not is refused.
 * {@code process} allocates nothing.
 */
public final class WaveNetPlugin extends AbstractAudioPlugin {

    public static final String ID = "wavenet";

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Neural Amp Modeler (WaveNet)", "1.0",
            List.of(ParameterSpec.linear("input_gain", "Input gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("output_gain", "Output gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Loudness normalisation (on >= 0.5)", 0, 1, 1, ""),
                    ParameterSpec.linear("fast_tanh", "NAM core's fast tanh, as the NAM plugin plays (on >= 0.5;"
                            + " takes effect at the next prepare or model load)", 0, 1, 0, ""),
                    ParameterSpec.linear("size", "Containers (A2): the submodel NAM picks for this size; 1 plays"
                            + " NAM core's default, the last (live, crossfaded)", 0, 1, 1, "")),
            List.of(new ResourceSpec("model", "Neural Amp Modeler .nam file (WaveNet, SlimmableContainer or Linear, versions 0.5.0 to 0.7.x)")));

    private final Parameter inputGainDb = parameter("input_gain");
    private final Parameter outputGainDb = parameter("output_gain");
    private final Parameter normalize = parameter("normalize");
    private final Parameter fastTanh = parameter("fast_tanh");
    private final Parameter size = parameter("size");
    private final SmoothedValue inputGain = new SmoothedValue(1f);
    private final SmoothedValue outputGain = new SmoothedValue(1f);
    private final ResourceHolder<NamFile, PreparedModel> model;
    /** The model the last block ran (audio thread), to tell the first model from a swap. */
    private PreparedModel playing;

    /**
     * @param loader  reads {@code .nam} files
     * @param kernels the kernel family the models run on
     * @param warmUp  how long a new model runs on a test signal before it is published
     */
    public WaveNetPlugin(NamLoader loader, Kernels kernels, WarmUp warmUp) {
        super(DESCRIPTOR);
        this.model = holding(new ResourceHolder<>(ID, DESCRIPTOR.resources().get(0), value -> load(loader, Path.of(value)),
                (file, path, spec) -> PreparedModel.build(fastTanh.get() >= 0.5 ? file.withFastTanh() : file, path, spec,
                        kernels, warmUp, size.get()), m -> { }));
    }

    /**
     * Builds the loaded model (if any) for {@code spec}. [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException when the model's sample rate is not {@code spec}'s;
     *                                  the plugin is then left without a model (pass-through)
     */
    @Override
    public void prepare(ProcessSpec spec) {
        inputGain.setCurrentAndTarget(Decibels.toGain(inputGainDb.get()));
        inputGain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        outputGain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        model.prepare(spec);
        playing = model.peek();
        outputGain.setCurrentAndTarget(outputTarget(playing));
    }

    /** [audio-thread] */
    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        PreparedModel m = model.acquire();
        int frames = block.frames();
        if (m == null || frames == 0) {
            return;
        }
        if (playing == null) {
            // The first model after pass-through starts at its level, as it would had it been
            // loaded before prepare: no ramp from the pass-through's unity gain.
            outputGain.setCurrentAndTarget(outputTarget(m));
        }
        playing = m;
        m.selectSize(size.get());
        inputGain.setTarget(Decibels.toGain(inputGainDb.get()));
        outputGain.setTarget(outputTarget(m));
        inputGain.applyGain(block);
        int off = block.offset();
        for (int c = 0, n = block.channelCount(); c < n; c++) {
            float[] x = block.channel(c);
            m.channel(c).process(x, off, x, off, frames);
        }
        outputGain.applyGain(block);
    }

    /** [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        PreparedModel m = model.peek();
        if (m != null) {
            m.selectSize(size.get());
            m.reset();
        }
        playing = m;
        inputGain.setCurrentAndTarget(Decibels.toGain(inputGainDb.get()));
        outputGain.setCurrentAndTarget(outputTarget(m));
    }

    /** 0: the supported NAM architectures are causal. [main-thread] */
    @Override
    public int latencySamples() {
        return 0;
    }

    private static NamFile load(NamLoader loader, Path path) throws IOException {
        try {
            return loader.load(path);
        } catch (NoSuchFileException e) {
            throw new IOException("model file not found: " + path, e);
        } catch (IOException e) {
            throw new IOException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    private float outputTarget(PreparedModel m) {
        float g = Decibels.toGain(outputGainDb.get());
        if (m != null && normalize.get() >= 0.5) {
            g *= m.normalisationGain();
        }
        return g;
    }
}
