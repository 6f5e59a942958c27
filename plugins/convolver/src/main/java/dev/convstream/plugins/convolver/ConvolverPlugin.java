package dev.convstream.plugins.convolver;

import dev.convstream.kernel.Kernels;
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
import java.nio.file.Path;
import java.util.List;

/**
 * Impulse-response convolution (cabinet, room, reverb, any FIR filter) from an audio file.
 *
 * <p>Signal path per channel: {@code out = (1 - mix) * dry + mix * g * (h * dry)}, where
 * {@code h} is the response and {@code g} is {@code ir_gain} times, when {@code normalize} is
 * on (≥ 0.5, the default), {@code 1 / ||h||_2} (the loudest response channel's L2 norm, so
 * white noise keeps its level). {@code mix} and the wet gain ramp over
 * {@link SmoothedValue#DEFAULT_RAMP_SECONDS}.
 *
 * <p>Resource {@code ir}: the path of a WAV/AIFF/AU file (integer or float PCM). Channels
 * ({@link #channelMapping()}): a mono response is applied to every channel, each channel with
 * its own convolution state (any N -> N); a response of K channels takes K channels (channel
 * {@code c} through response channel {@code c}: a stereo cabinet or room on a stereo stream)
 * or a mono stream, which comes out K channels (mono to stereo: output {@code c} is the mono
 * input through response channel {@code c}, the dry part the mono input). The output channel
 * count is decided at {@code prepare}: a response loaded while audio runs must fit it (a mono
 * one always does, feeding every output). It is
 * read and made ready ({@link ConvolutionEngine}: spectra, buffers, JIT warm-up) on the calling
 * thread and swapped in atomically at a block boundary through a {@link ResourceSlot} (held,
 * with the path and the loaded response, by a {@link ResourceHolder}); a failed
 * load leaves the previous response playing. While audio plays, the wet signal crossfades from
 * the old response to the new over {@link ResourceHolder#CROSSFADE_SECONDS}: both engines run on
 * the same input, each at its own normalisation; the new one starts with an empty history, which
 * the fade hides (see {@link ResourceHolder}). A response loaded before audio starts (or after
 * {@link #reset}) plays at once. Until a response is loaded audio passes unchanged.
 *
 * <p>Sample rate: a file at another rate than the host's is resampled to the host's when it is
 * made ready, on the loading thread ({@link ImpulseResponse#atRate}: conv-core's band-limited
 * resampler, gain kept); latency stays 0.
 *
 * <p>Latency: 0, for any response length and any block size: the first partition of the
 * response is convolved directly in the time domain through conv-core's
 * {@code StreamingConv1d}, the rest by uniformly partitioned FFT convolution (conv-core's
 * {@link dev.convstream.fir.ZeroLatencyConvolver}). Short responses
 * (up to the kernel family's crossover, {@link dev.convstream.kernel.FirPlan#directMaxTaps()})
 * are direct only. {@code process} allocates nothing.
 */
public final class ConvolverPlugin extends AbstractAudioPlugin {

    public static final String ID = "convolver";

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Convolver", "1.0",
            List.of(ParameterSpec.linear("mix", "Dry/wet mix (0 dry, 1 wet)", 0, 1, 1, ""),
                    ParameterSpec.linear("ir_gain", "Impulse response gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Normalise the response to unit energy (on >= 0.5)", 0, 1, 1, "")),
            List.of(new ResourceSpec("ir", "impulse response audio file (WAV/AIFF/AU; other formats through ffmpeg):"
                    + " mono (every channel alone), or K channels for a stream of K channels, or for a mono stream"
                    + " made K channels (mono to stereo); resampled to the host's rate when at another")));

    private final Parameter mixParam = parameter("mix");
    private final Parameter gainDb = parameter("ir_gain");
    private final Parameter normalize = parameter("normalize");
    private final SmoothedValue mix = new SmoothedValue(1f);
    private final SmoothedValue wetGain = new SmoothedValue(1f);
    /** The resource's normalisation gain, on or off with {@code normalize}. */
    private final SwitchedGain normalisation = new SwitchedGain();
    private final ResourceHolder<ImpulseResponse, ConvolutionEngine> response;
    private final ResourceHolder.Renderer<ConvolutionEngine> renderer = this::render;

    // Audio-thread buffers, allocated in prepare.
    private float[] dryRamp = new float[0];
    private float[] wetRamp = new float[0];
    private float[] wet = new float[0];

    /**
     * @param reader  reads impulse-response files
     * @param kernels the kernel family of the direct (head) convolution
     * @param warmUp  how long a new engine runs on the loading thread before it is published
     */
    public ConvolverPlugin(ImpulseResponseReader reader, Kernels kernels, WarmUp warmUp) {
        super(DESCRIPTOR);
        this.response = holding(new ResourceHolder<>(ID, DESCRIPTOR.resources().get(0), value -> reader.read(Path.of(value)),
                (ir, path, spec) -> build(ir, spec, kernels, warmUp), e -> { }));
    }

    /**
     * Resamples a response recorded at another rate to the host's (its taps are samples in
     * time: played as they are, it would be another, shorter or longer, pitched response), on
     * this, the loading thread, then builds the engine.
     */
    private static ConvolutionEngine build(ImpulseResponse ir, ProcessSpec spec, Kernels kernels, WarmUp warmUp) {
        return ConvolutionEngine.build(ir.atRate(spec.sampleRate()), spec, kernels, warmUp);
    }

    /**
     * Per channel without a response or with a mono one; {@code K -> K} and {@code 1 -> K}
     * with a response of K channels. [main-thread]
     */
    @Override
    public ChannelMapping channelMapping() {
        return ConvolutionEngine.mapping(response.loaded());
    }

    /**
     * Allocates the block buffers and builds the loaded response (if any) for {@code spec}.
     * [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException when {@link #channelMapping()} does not give {@code spec}'s
     *                                  channel counts; the plugin then passes audio unchanged
     */
    @Override
    public void prepare(ProcessSpec spec) {
        ChannelMapping mapping = channelMapping();
        if (!mapping.accepts(spec)) {
            throw new IllegalArgumentException("plugin '" + ID + "' cannot run " + spec.channels() + " -> "
                    + spec.outputChannels() + " channels: it maps " + mapping);
        }
        dryRamp = new float[spec.maxBlockSize()];
        wetRamp = new float[spec.maxBlockSize()];
        wet = new float[spec.maxBlockSize()];
        mix.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        wetGain.prepare(spec.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        normalisation.prepare(spec, normalizeOn());
        response.prepare(spec);
        reset();
    }

    /** [audio-thread] */
    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        int frames = block.frames();
        ConvolutionEngine engine = response.beginBlock(frames);
        if (engine == null || frames == 0) {
            return;
        }
        mix.setTarget((float) mixParam.get());
        wetGain.setTarget(Decibels.toGain(gainDb.get()));
        normalisation.advance(frames, normalizeOn());
        for (int i = 0; i < frames; i++) {
            float m = mix.next();
            dryRamp[i] = 1f - m;
            wetRamp[i] = m * wetGain.next();
        }
        int off = block.offset();
        // Last channel first: with a mono input every output reads channel 0, written last. Old and
        // new response of a crossfade share the prepared layout, so the current one's is the layout.
        for (int c = engine.outputChannels() - 1; c >= 0; c--) {
            float[] x = block.channel(engine.source(c));
            float[] y = block.channel(c);
            response.render(c, x, off, wet, 0, renderer);
            for (int i = 0; i < frames; i++) {
                y[off + i] = x[off + i] * dryRamp[i] + wet[i] * wetRamp[i];
            }
        }
    }

    /**
     * One response's wet signal, with its own normalisation: during a crossfade each response
     * plays at its own level, so the fade moves between the two levels too.
     */
    private void render(ConvolutionEngine engine, int c, float[] in, int inOff, float[] out, int outOff, int frames) {
        engine.channel(c).process(in, inOff, out, outOff, frames);
        normalisation.apply(engine.normalisationGain(), out, outOff, frames);
    }

    /** [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        response.reset();
        ConvolutionEngine engine = response.peek();
        if (engine != null) {
            engine.reset();
        }
        mix.setCurrentAndTarget((float) mixParam.get());
        wetGain.setCurrentAndTarget(Decibels.toGain(gainDb.get()));
        normalisation.reset(normalizeOn());
    }

    /** 0: the head of every response is convolved directly (see the class comment). [main-thread] */
    @Override
    public int latencySamples() {
        return 0;
    }

    private boolean normalizeOn() {
        return normalize.get() >= 0.5;
    }
}
