package dev.convstream.plugins.convolver;

import dev.convstream.plugin.WarmUp;
import dev.convstream.kernel.Kernels;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Impulse-response convolution (cabinet, room, reverb, any FIR filter) from an audio file.
 *
 * <p>Signal path per channel: {@code out = (1 - mix) * dry + mix * g * (h * dry)}, where
 * {@code h} is the response and {@code g} is {@code ir_gain} times, when {@code normalize} is
 * on (≥ 0.5, the default), {@code 1 / ||h||_2} (the loudest response channel's L2 norm, so
 * white noise keeps its level). {@code mix} and the wet gain ramp over {@link #RAMP_SECONDS}.
 *
 * <p>Resource {@code ir}: the path of a WAV/AIFF/AU file (integer or float PCM), either mono
 * (applied to every channel, each channel with its own convolution state) or with exactly as
 * many channels as the stream (channel {@code c} through response channel {@code c}). It is
 * read and made ready ({@link ConvolutionEngine}: spectra, buffers, JIT warm-up) on the calling
 * thread and swapped in atomically at a block boundary through a {@link ResourceSlot}; a failed
 * load leaves the previous response playing. Until a response is loaded audio passes unchanged.
 *
 * <p>Sample rate: the file's must equal the host's. The convolver does not resample:
 * {@link #prepare} (and {@link #setResource} on a prepared plugin) refuses another rate with an
 * {@link IllegalArgumentException} naming the file and both rates.
 *
 * <p>Latency: 0, for any response length and any block size: the first partition of the
 * response is convolved directly in the time domain through conv-core's
 * {@code StreamingConv1d}, the rest by uniformly partitioned FFT convolution (conv-core's
 * {@link dev.convstream.fir.ZeroLatencyConvolver}). Short responses
 * ({@value dev.convstream.fir.PartitionedResponse#DIRECT_MAX_TAPS} taps or fewer) are direct
 * only. {@code process} allocates nothing.
 */
public final class ConvolverPlugin implements AudioPlugin {

    public static final String ID = "convolver";

    /** Long enough to be inaudible as a step, short enough to feel immediate. */
    static final double RAMP_SECONDS = 0.02;

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Convolver", "1.0",
            List.of(ParameterSpec.linear("mix", "Dry/wet mix (0 dry, 1 wet)", 0, 1, 1, ""),
                    ParameterSpec.linear("ir_gain", "Impulse response gain", -40, 24, 0, "dB"),
                    ParameterSpec.linear("normalize", "Normalise the response to unit energy (on >= 0.5)", 0, 1, 1, "")),
            List.of(new ResourceSpec("ir", "impulse response audio file (WAV/AIFF/AU), mono or one channel per"
                    + " stream channel, at the host's sample rate")));

    private final ImpulseResponseReader reader;
    private final Kernels kernels;
    private final WarmUp warmUp;

    private final ParameterSet parameters = ParameterSet.of(DESCRIPTOR.parameters());
    private final Parameter mixParam = parameters.get("mix");
    private final Parameter gainDb = parameters.get("ir_gain");
    private final Parameter normalize = parameters.get("normalize");
    private final SmoothedValue mix = new SmoothedValue(1f);
    private final SmoothedValue wetGain = new SmoothedValue(1f);
    private final ResourceSlot<ConvolutionEngine> slot = new ResourceSlot<>(null, e -> { });

    // Audio-thread buffers, allocated in prepare.
    private float[] dryRamp = new float[0];
    private float[] wetRamp = new float[0];
    private float[] wet = new float[0];

    // Control-thread state ([main-thread] calls are serialised by the host).
    private ProcessSpec spec;
    private ImpulseResponse ir;
    private String irPath;

    /**
     * @param reader  reads impulse-response files
     * @param kernels the kernel family of the direct (head) convolution
     * @param warmUp  how long a new engine runs on the loading thread before it is published
     */
    public ConvolverPlugin(ImpulseResponseReader reader, Kernels kernels, WarmUp warmUp) {
        this.reader = reader;
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
     * Allocates the block buffers and builds the loaded response (if any) for {@code spec}.
     * [main-thread, audio stopped]
     *
     * @throws IllegalArgumentException when the response's sample rate or channel count does not
     *                                  fit {@code spec}; the plugin then passes audio unchanged
     */
    @Override
    public void prepare(ProcessSpec spec) {
        this.spec = spec;
        dryRamp = new float[spec.maxBlockSize()];
        wetRamp = new float[spec.maxBlockSize()];
        wet = new float[spec.maxBlockSize()];
        mix.prepare(spec.sampleRate(), RAMP_SECONDS);
        wetGain.prepare(spec.sampleRate(), RAMP_SECONDS);
        if (ir != null) {
            try {
                slot.publish(ConvolutionEngine.build(ir, spec, kernels, warmUp));
            } catch (RuntimeException e) {
                slot.close();
                throw e;
            }
        }
        slot.acquireNow();
        reset();
    }

    /** [audio-thread] */
    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        ConvolutionEngine engine = slot.acquire();
        int frames = block.frames();
        if (engine == null || frames == 0) {
            return;
        }
        mix.setTarget((float) mixParam.get());
        wetGain.setTarget(wetTarget(engine));
        for (int i = 0; i < frames; i++) {
            float m = mix.next();
            dryRamp[i] = 1f - m;
            wetRamp[i] = m * wetGain.next();
        }
        int off = block.offset();
        for (int c = 0, n = block.channelCount(); c < n; c++) {
            float[] x = block.channel(c);
            engine.channel(c).process(x, off, wet, 0, frames);
            for (int i = 0; i < frames; i++) {
                x[off + i] = x[off + i] * dryRamp[i] + wet[i] * wetRamp[i];
            }
        }
    }

    /** [audio-thread, or main-thread while audio is stopped] */
    @Override
    public void reset() {
        ConvolutionEngine engine = slot.peek();
        if (engine != null) {
            engine.reset();
        }
        mix.setCurrentAndTarget((float) mixParam.get());
        wetGain.setCurrentAndTarget(wetTarget(engine));
    }

    /** 0: the head of every response is convolved directly (see the class comment). [main-thread] */
    @Override
    public int latencySamples() {
        return 0;
    }

    /** {@code ir -> path} once a response was loaded. [main-thread] */
    @Override
    public Map<String, String> resources() {
        return irPath == null ? Map.of() : Map.of("ir", irPath);
    }

    /**
     * Reads the response at {@code value} and, when prepared, builds and publishes it (see the
     * class comment). [main-thread; blocks on I/O]
     *
     * @throws IOException              naming the file when it cannot be read or decoded
     * @throws IllegalArgumentException naming the file when it is empty, too long, or its rate
     *                                  or channel count does not fit the prepared stream
     */
    @Override
    public void setResource(String id, String value) throws IOException {
        if (!"ir".equals(id)) {
            AudioPlugin.super.setResource(id, value);
            return;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("plugin 'convolver': resource 'ir' must be an audio file path, found '"
                    + value + "'");
        }
        ImpulseResponse loaded = reader.read(Path.of(value));
        if (spec != null) {
            slot.publish(ConvolutionEngine.build(loaded, spec, kernels, warmUp));
        }
        ir = loaded;
        irPath = value;
    }

    /** Releases the response. [main-thread, audio stopped] */
    @Override
    public void close() {
        slot.close();
    }

    private float wetTarget(ConvolutionEngine engine) {
        double g = Math.pow(10, gainDb.get() / 20);
        if (engine != null && normalize.get() >= 0.5) {
            g *= engine.normalisationGain();
        }
        return (float) g;
    }
}
