package dev.convstream.plugins.wavenet;

import dev.convstream.plugin.WarmUp;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ResourceSlot;
import dev.convstream.plugin.ResourceSpec;
import dev.convstream.plugin.SampleGuard;
import dev.convstream.plugin.SmoothedValue;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Neural Amp Modeler amp or pedal model ({@code .nam}, WaveNet or Linear, versions 0.5.x)
 * applied to every channel, each channel with its own model state.
 *
 * <p>Signal path: {@code input_gain} → model → {@code output_gain} × loudness normalisation.
 * Both gains ramp over {@link #RAMP_SECONDS}. When {@code normalize} is on (≥ 0.5, the default)
 * and the file states {@code metadata.loudness}, the output is scaled by
 * {@code 10^((-18 - loudness)/20)}: NAM's convention of playing every model at -18 dB, so
 * switching models does not jump in level. Files without loudness are not scaled.
 *
 * <p>Resource {@code model}: the path of the {@code .nam} file. {@link #setResource} reads it
 * with conv-core's {@link NamLoader}, builds one streaming model per channel, allocates them,
 * runs them on a sweep of signal levels to get the JIT to compile the kernels ({@link WarmUp}), resets them and
 * publishes the lot to a {@link ResourceSlot}: the audio thread picks it up at its next block
 * boundary, without a lock, a gap or a lost block; a failed load leaves the previous model
 * playing. Until a model is loaded, audio passes through unchanged.
 *
 * <p>Sample rate: the model must have been trained at the host's rate. This plugin does not
 * resample: {@link #prepare} (and {@link #setResource} on a prepared plugin) refuses another
 * rate with an {@link IllegalArgumentException} naming the file and both rates.
 *
 * <p>Latency: 0. NAM's WaveNet and Linear models are causal; a model that is not is refused.
 * {@code process} allocates nothing.
 */
public final class WaveNetPlugin implements AudioPlugin {

    public static final String ID = "wavenet";

    /** Long enough to be inaudible as a step, short enough to feel immediate. */
    static final double RAMP_SECONDS = 0.02;

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Neural Amp Modeler (WaveNet)", "1.0",
            List.of(ParameterSpec.linear("input_gain", "Input gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("output_gain", "Output gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Loudness normalisation (on >= 0.5)", 0, 1, 1, "")),
            List.of(new ResourceSpec("model", "Neural Amp Modeler .nam file (WaveNet or Linear, version 0.5.x)")));

    private final NamLoader loader;
    private final Kernels kernels;
    private final WarmUp warmUp;

    private final ParameterSet parameters = ParameterSet.of(DESCRIPTOR.parameters());
    private final Parameter inputGainDb = parameters.get("input_gain");
    private final Parameter outputGainDb = parameters.get("output_gain");
    private final Parameter normalize = parameters.get("normalize");
    private final SmoothedValue inputGain = new SmoothedValue(1f);
    private final SmoothedValue outputGain = new SmoothedValue(1f);
    private final ResourceSlot<PreparedModel> slot = new ResourceSlot<>(null, m -> { });

    // Control-thread state ([main-thread] calls are serialised by the host).
    private ProcessSpec spec;
    private NamFile file;
    private String modelPath;

    /**
     * @param loader  reads {@code .nam} files
     * @param kernels the kernel family the models run on
     * @param warmUp  how long a new model runs on silence before it is published
     */
    public WaveNetPlugin(NamLoader loader, Kernels kernels, WarmUp warmUp) {
        this.loader = loader;
        this.kernels = kernels;
        this.warmUp = warmUp;
    }

    /** [thread-safe] */
    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** [thread-safe] */
    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /**
     * Builds the loaded model (if any) for {@code spec}. [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException when the model's sample rate is not {@code spec}'s;
     *                                  the plugin is then left without a model (pass-through)
     */
    @Override
    public void prepare(ProcessSpec spec) {
        this.spec = spec;
        inputGain.setCurrentAndTarget(linear(inputGainDb.get()));
        inputGain.prepare(spec.sampleRate(), RAMP_SECONDS);
        outputGain.prepare(spec.sampleRate(), RAMP_SECONDS);
        if (file != null) {
            try {
                slot.publish(PreparedModel.build(file, modelPath, spec, kernels, warmUp));
            } catch (RuntimeException e) {
                slot.close();
                throw e;
            }
        }
        slot.acquireNow();
        outputGain.setCurrentAndTarget(outputTarget(slot.peek()));
    }

    /** [audio-thread] */
    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        PreparedModel model = slot.acquire();
        int frames = block.frames();
        if (model == null || frames == 0) {
            return;
        }
        inputGain.setTarget(linear(inputGainDb.get()));
        outputGain.setTarget(outputTarget(model));
        applyGain(inputGain, block);
        int off = block.offset();
        for (int c = 0, n = block.channelCount(); c < n; c++) {
            float[] x = block.channel(c);
            model.channel(c).process(x, off, x, off, frames);
        }
        applyGain(outputGain, block);
    }

    /** [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        PreparedModel model = slot.peek();
        if (model != null) {
            model.reset();
        }
        inputGain.setCurrentAndTarget(linear(inputGainDb.get()));
        outputGain.setCurrentAndTarget(outputTarget(model));
    }

    /** 0: the supported NAM architectures are causal. [main-thread] */
    @Override
    public int latencySamples() {
        return 0;
    }

    /** {@code model -> path} once a model was loaded. [main-thread] */
    @Override
    public Map<String, String> resources() {
        return modelPath == null ? Map.of() : Map.of("model", modelPath);
    }

    /**
     * Loads {@code model} from the {@code .nam} file at {@code value} and, when prepared,
     * builds, warms and publishes it (see the class comment). [main-thread; blocks on I/O and
     * warm-up]
     *
     * @throws IOException              naming the file when it cannot be read
     * @throws IllegalArgumentException naming the file when it is not a supported model, or
     *                                  when its sample rate is not the host's
     */
    @Override
    public void setResource(String id, String value) throws IOException {
        if (!"model".equals(id)) {
            AudioPlugin.super.setResource(id, value);
            return;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("plugin 'wavenet': resource 'model' must be a .nam file path, found '"
                    + value + "'");
        }
        NamFile loaded = load(Path.of(value));
        if (spec != null) {
            slot.publish(PreparedModel.build(loaded, value, spec, kernels, warmUp));
        }
        file = loaded;
        modelPath = value;
    }

    private NamFile load(Path path) throws IOException {
        try {
            return loader.load(path);
        } catch (NoSuchFileException e) {
            throw new IOException("model file not found: " + path, e);
        } catch (IOException e) {
            throw new IOException("cannot read model file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Releases the models. [main-thread, audio stopped] */
    @Override
    public void close() {
        slot.close();
    }

    private float outputTarget(PreparedModel model) {
        double g = Math.pow(10, outputGainDb.get() / 20);
        if (model != null && normalize.get() >= 0.5) {
            g *= model.normalisationGain();
        }
        return (float) g;
    }

    /** Applies a ramped gain, one value per frame shared by every channel. */
    private static void applyGain(SmoothedValue gain, AudioBlock block) {
        int off = block.offset();
        int end = off + block.frames();
        int channels = block.channelCount();
        int i = off;
        for (; gain.isSmoothing() && i < end; i++) {
            float g = gain.next();
            for (int c = 0; c < channels; c++) {
                block.channel(c)[i] *= g;
            }
        }
        float g = gain.current();
        if (g == 1f) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            float[] x = block.channel(c);
            for (int j = i; j < end; j++) {
                x[j] *= g;
            }
        }
    }

    /** dB to amplitude ratio. */
    static float linear(double decibels) {
        return (float) Math.pow(10, decibels / 20);
    }
}
