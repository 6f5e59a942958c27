package dev.convstream.plugins.convolver;

import dev.convstream.kernel.Kernels;
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
import dev.convstream.plugin.SampleRates;
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
 * <p>Resource {@code ir}: the path of a WAV/AIFF/AU file (integer or float PCM), either mono
 * (applied to every channel, each channel with its own convolution state) or with exactly as
 * many channels as the stream (channel {@code c} through response channel {@code c}). It is
 * read and made ready ({@link ConvolutionEngine}: spectra, buffers, JIT warm-up) on the calling
 * thread and swapped in atomically at a block boundary through a {@link ResourceSlot} (held,
 * with the path and the loaded response, by a {@link ResourceHolder}); a failed
 * load leaves the previous response playing. While audio plays, the wet signal crossfades from
 * the old response to the new over {@link ResourceHolder#CROSSFADE_SECONDS}: both engines run on
 * the same input, each at its own normalisation; the new one starts with an empty history, which
 * the fade hides (see {@link ResourceHolder}). A response loaded before audio starts (or after
 * {@link #reset}) plays at once. Until a response is loaded audio passes unchanged.
 *
 * <p>Sample rate: the file's must equal the host's. The convolver does not resample:
 * {@link #prepare} (and {@code setResource} on a prepared plugin) refuses another rate with an
 * {@link IllegalArgumentException} naming the file and both rates.
 *
 * <p>Latency: 0, for any response length and any block size: the first partition of the
 * response is convolved directly in the time domain through conv-core's
 * {@code StreamingConv1d}, the rest by uniformly partitioned FFT convolution (conv-core's
 * {@link dev.convstream.fir.ZeroLatencyConvolver}). Short responses
 * ({@value dev.convstream.fir.PartitionedResponse#DIRECT_MAX_TAPS} taps or fewer) are direct
 * only. {@code process} allocates nothing.
 */
public final class ConvolverPlugin extends AbstractAudioPlugin {

    public static final String ID = "convolver";

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Convolver", "1.0",
            List.of(ParameterSpec.linear("mix", "Dry/wet mix (0 dry, 1 wet)", 0, 1, 1, ""),
                    ParameterSpec.linear("ir_gain", "Impulse response gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Normalise the response to unit energy (on >= 0.5)", 0, 1, 1, "")),
            List.of(new ResourceSpec("ir", "impulse response audio file (WAV/AIFF/AU; other formats through ffmpeg), mono or one channel per"
                    + " stream channel, at the host's sample rate")));

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
     * Refuses a response recorded at another rate (its taps are samples in time, so at another
     * rate it would be another, shorter or longer, pitched response), then builds the engine.
     */
    private static ConvolutionEngine build(ImpulseResponse ir, ProcessSpec spec, Kernels kernels, WarmUp warmUp) {
        SampleRates.requireHostRate(ID, "impulse response " + ir.source(), ir.sampleRate(), spec.sampleRate());
        return ConvolutionEngine.build(ir, spec, kernels, warmUp);
    }

    /**
     * Allocates the block buffers and builds the loaded response (if any) for {@code spec}.
     * [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException when the response's sample rate or channel count does not
     *                                  fit {@code spec}; the plugin then passes audio unchanged
     */
    @Override
    public void prepare(ProcessSpec spec) {
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
        for (int c = 0, n = block.channelCount(); c < n; c++) {
            float[] x = block.channel(c);
            response.render(c, x, off, wet, 0, renderer);
            for (int i = 0; i < frames; i++) {
                x[off + i] = x[off + i] * dryRamp[i] + wet[i] * wetRamp[i];
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
