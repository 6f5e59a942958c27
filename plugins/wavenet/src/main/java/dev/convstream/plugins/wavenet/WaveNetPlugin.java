package dev.convstream.plugins.wavenet;

import dev.convstream.check.Failures;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ChannelMapping;
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
import dev.convstream.plugin.SwitchedGain;
import dev.convstream.plugin.WarmUp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Neural Amp Modeler amp or pedal model ({@code .nam}, versions 0.5.0 to 0.7.x: WaveNet, a
 * SlimmableContainer such as A2, LSTM, ConvNet or Linear): a mono model applied to every channel,
 * each channel with its own model state; a model of N inputs and M outputs run once on the block,
 * reading its first N channels and writing M ({@link #channelMapping()}: {@code N -> M} only).
 * A block of other counts is refused at prepare (naming the file and the counts; the plugin then
 * passes audio unchanged), and a model loaded while prepared must fit the prepared counts (a mono
 * model fits every {@code N -> N}): another is refused by {@code setResource}, and the model in
 * use keeps playing. Its id is {@value #ID}; {@value #FORMER_ID}, its id while it ran
 * WaveNets only, still names it.
 *
 * <p>Signal path: {@code input_gain} → model → {@code output_gain} × loudness normalisation, the
 * gains and the normalisation alike on every channel.
 * Both gains ramp over {@link SmoothedValue#DEFAULT_RAMP_SECONDS}. When {@code normalize} is on
 * (≥ 0.5, the default) and the file states {@code metadata.loudness}, the model's output is
 * scaled by {@code 10^((-18 - loudness)/20)}: NAM's convention of playing every model at -18 dB,
 * so switching models does not jump in level; flipping {@code normalize} ramps the same way.
 * Files without loudness are not scaled.
 *
 * <p>Resource {@code model}: the path of the {@code .nam} file, held by a {@link ResourceHolder}.
 * {@code setResource} reads it with conv-core's {@link NamLoader}; once prepared, it builds one
 * streaming model per channel, allocates them, runs them on a sweep of signal levels to get the
 * JIT to compile the kernels ({@link WarmUp}), resets them to the steady state of silence (NAM's
 * pre-warm) and publishes the lot to a {@link ResourceSlot}: the audio thread picks it up at its
 * next block boundary, without a lock, a gap or a lost block, and crossfades from the playing
 * model to it over {@link ResourceHolder#CROSSFADE_SECONDS} (both models run on the same input,
 * each at its own normalisation; see {@link ResourceHolder}); a failed load leaves the previous
 * model playing. A model loaded before audio starts (or after {@link #reset}) plays at once.
 * Until a model is loaded, audio passes through unchanged.
 *
 * <p>{@code fast_tanh} (≥ 0.5; off by default): the model computes NAM core's fast tanh for every
 * Tanh activation (and, in an LSTM, its fast sigmoid; {@link NamFile#withFastTanh()}), as the NAM
 * plugin plays it, instead of the exact tanh; see {@code docs/nam-fast-tanh.md}. A change takes effect when the model is next
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
 * <p>Sample rate: a model trained at another rate than the host's (its {@code sample_rate})
 * runs at its own rate behind conv-core's {@link dev.convstream.resample.RateAdapter}, as NAM's
 * own plugin does: each block is resampled to the model's rate, run, and resampled back
 * (Kaiser-windowed sinc, flat within 0.1 dB to 90% of the lower Nyquist; see
 * {@code docs/resampler.md}).
 *
 * <p>Latency: 0 at the model's own rate (NAM's WaveNet, LSTM, ConvNet and Linear models are causal; a model
 * that is not is refused); at another rate, the resamplers' delay, e.g. 144 samples for a
 * 48 kHz model on a 44.1 kHz host. It is the latency of the model in use, so loading a model
 * of another rate while prepared changes it (hosts re-read it, as with NAM's plugin).
 * {@code process} allocates nothing.
 */
public final class WaveNetPlugin extends AbstractAudioPlugin {

    public static final String ID = "nam";

    /** The id this plugin had while it ran WaveNets only; still accepted in chains and saved states. */
    public static final String FORMER_ID = "wavenet";

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Neural Amp Modeler", "1.0",
            List.of(ParameterSpec.linear("input_gain", "Input gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("output_gain", "Output gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Loudness normalisation (on >= 0.5)", 0, 1, 1, ""),
                    ParameterSpec.linear("fast_tanh", "NAM core's fast tanh, as the NAM plugin plays (on >= 0.5;"
                            + " takes effect at the next prepare or model load)", 0, 1, 0, ""),
                    ParameterSpec.linear("size", "Containers (A2): the submodel NAM picks for this size; 1 plays"
                            + " NAM core's default, the last (live, crossfaded)", 0, 1, 1, "")),
            List.of(new ResourceSpec("model", "Neural Amp Modeler .nam file (WaveNet, SlimmableContainer, LSTM, ConvNet or Linear, versions 0.5.0 to 0.7.x)")));

    private final Parameter inputGainDb = parameter("input_gain");
    private final Parameter outputGainDb = parameter("output_gain");
    private final Parameter normalize = parameter("normalize");
    private final Parameter fastTanh = parameter("fast_tanh");
    private final Parameter size = parameter("size");
    private final SmoothedValue inputGain = new SmoothedValue(1f);
    private final SmoothedValue outputGain = new SmoothedValue(1f);
    /** The resource's normalisation gain, on or off with {@code normalize}. */
    private final SwitchedGain normalisation = new SwitchedGain();
    private final ResourceHolder<NamFile, PreparedModel> model;
    private final ResourceHolder.BlockRenderer<PreparedModel> renderer = this::render;
    /** The block's channel arrays during process (no reference kept after it). */
    private float[][] rows = new float[0][];

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
     * Per channel without a model or with a mono one; {@code N -> M} with a model of N inputs and
     * M outputs. [main-thread]
     */
    @Override
    public ChannelMapping channelMapping() {
        return PreparedModel.mapping(model.loaded(), modelPath());
    }

    private String modelPath() {
        return model.resources().getOrDefault("model", "");
    }

    /**
     * Builds the loaded model (if any) for {@code spec}, behind a resampler when the model's
     * rate is not {@code spec}'s. [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException naming the model file and both channel counts when the
     *                                  model's channels do not fit {@code spec} (e.g. a stereo
     *                                  model on a mono block); the plugin then passes audio unchanged
     */
    @Override
    public void prepare(ProcessSpec spec) {
        rows = new float[spec.blockChannels()][];
        inputGain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        outputGain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        normalisation.prepare(spec, normalizeOn());
        model.prepare(spec);
        reset();
    }

    /** [audio-thread] */
    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        int frames = block.frames();
        PreparedModel m = model.beginBlock(frames);
        if (m == null || frames == 0) {
            return;
        }
        m.selectSize(size.get());
        inputGain.setTarget(Decibels.toGain(inputGainDb.get()));
        outputGain.setTarget(Decibels.toGain(outputGainDb.get()));
        normalisation.advance(frames, normalizeOn());
        inputGain.applyGain(block);
        for (int c = 0; c < rows.length; c++) {
            rows[c] = block.channel(c);
        }
        model.renderBlock(rows, block.offset(), renderer);
        java.util.Arrays.fill(rows, null);
        outputGain.applyGain(block);
    }

    /**
     * One model's output for the whole block, with its own loudness normalisation: during a
     * crossfade each model plays at its own level, so the fade moves between the two levels too.
     */
    private void render(PreparedModel m, float[][] in, int inOff, float[][] out, int outOff, int frames) {
        m.process(in, inOff, out, outOff, frames);
        for (int c = 0, n = m.outputChannels(); c < n; c++) {
            normalisation.apply(m.normalisationGain(), out[c], outOff, frames);
        }
    }

    /** [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        model.reset();
        PreparedModel m = model.peek();
        if (m != null) {
            m.selectSize(size.get());
            m.reset();
        }
        inputGain.setCurrentAndTarget(Decibels.toGain(inputGainDb.get()));
        outputGain.setCurrentAndTarget(Decibels.toGain(outputGainDb.get()));
        normalisation.reset(normalizeOn());
    }

    /**
     * The resamplers' delay when the model in use runs at another rate than the host, else 0
     * (the supported NAM architectures are causal). [main-thread]
     */
    @Override
    public int latencySamples() {
        PreparedModel m = model.peek();
        return m == null ? 0 : m.latency();
    }

    private static NamFile load(NamLoader loader, Path path) throws IOException {
        try {
            return loader.load(path);
        } catch (IOException e) {
            throw new IOException("cannot read model file: " + Failures.describe(e), e);
        }
    }

    private boolean normalizeOn() {
        return normalize.get() >= 0.5;
    }
}
