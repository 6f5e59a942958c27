package dev.convstream.live;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ChannelPlan;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every audio backend calls once per device period: device input in, chain, device output
 * out, with the meters a player watches (callback load against its deadline, input and output
 * peaks, xruns) and taps for displays. The backends (Java Sound, JACK) only move samples
 * between the device and the planar {@code float[][]} buffers of {@link #process}.
 *
 * <p>Channels: the chain takes the device's input channel count (a mono guitar input runs one
 * model, not one per speaker) and gives what its {@link ChannelPlan} says (a stereo cabinet IR
 * makes a mono input stereo); device output channel {@code o} plays chain output channel
 * {@code min(o, chainOutputs - 1)}, so a mono chain feeds every speaker.
 *
 * <p>Threads: {@link #prepare} on the main thread before any device runs (it prepares the chain,
 * which may take seconds); {@link #process} on the audio thread, allocation-free, lock-free;
 * meters and taps readable from any thread. The engine does not own the chain.
 */
public final class LiveEngine {

    /** Samples each tap keeps: 2^15, 0.68 s at 48 kHz, enough for a 2048-point window. */
    private static final int TAP_CAPACITY = 1 << 15;

    private final AudioPlugin chain;
    private final LoadMeter load = new LoadMeter();
    private final PeakMeter inputPeak = new PeakMeter();
    private final PeakMeter outputPeak = new PeakMeter();
    private final SignalTap inputTap = new SignalTap(TAP_CAPACITY);
    private final SignalTap outputTap = new SignalTap(TAP_CAPACITY);
    private final AtomicLong xruns = new AtomicLong();
    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong lastXrunCallback = new AtomicLong(-1);
    private final AudioBlock block = new AudioBlock();

    private ProcessSpec spec;
    private int inputChannels;
    private int chainOutputs;
    private int outputChannels;
    private float[][] work;
    private double nanosPerFrame;
    /** How long the chain's last prepare took, for {@link #preparedReport}. [main-thread] */
    private long chainPrepareNanos;

    /** An engine for {@code chain}, which the caller keeps owning (and closes). [main-thread] */
    public LiveEngine(AudioPlugin chain) {
        if (chain == null) {
            throw new IllegalArgumentException("chain must not be null");
        }
        this.chain = chain;
    }

    /**
     * How long the chain took in the last {@link #prepare}, and each of its plugins (their own
     * warm-ups included): {@code "prepared in 0.414 s (nam 0.219 s, convolver 0.191 s)"}; a chain
     * that is a single plugin, not a {@link PluginChain}, has no parenthesis. For the backends'
     * start reports ({@code live --verbose}). [main-thread, after prepare]
     */
    public String preparedReport() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "prepared in %.3f s",
                chainPrepareNanos / 1e9));
        if (chain instanceof PluginChain c && c.size() > 0) {
            for (int i = 0; i < c.size(); i++) {
                s.append(i == 0 ? " (" : ", ").append(c.get(i).descriptor().id())
                        .append(String.format(java.util.Locale.ROOT, " %.3f s", c.prepareNanos(i) / 1e9));
            }
            s.append(')');
        }
        return s.toString();
    }

    /** The chain this engine runs. [thread-safe] */
    public AudioPlugin chain() {
        return chain;
    }

    /**
     * Plans the chain's channels for {@code inputChannels} device inputs, prepares it for
     * {@code sampleRate} and blocks of up to {@code maxBlockSize} frames, allocates the work
     * buffers and clears the meters. [main-thread, before the device runs; may take seconds]
     *
     * @throws IllegalArgumentException naming the bad argument, or the plugin that cannot take its
     *                                  channels (from {@link ChannelPlan}), or from the chain's prepare
     */
    public void prepare(double sampleRate, int maxBlockSize, int inputChannels, int outputChannels) {
        if (outputChannels < 1) {
            throw new IllegalArgumentException("output channels must be >= 1, found " + outputChannels);
        }
        ProcessSpec s = ChannelPlan.of(chain, inputChannels).spec(sampleRate, maxBlockSize);
        long start = System.nanoTime();
        chain.prepare(s);
        chainPrepareNanos = System.nanoTime() - start;
        this.spec = s;
        this.inputChannels = inputChannels;
        this.chainOutputs = s.outputChannels();
        this.outputChannels = outputChannels;
        this.work = new float[s.blockChannels()][maxBlockSize];
        this.nanosPerFrame = 1e9 / sampleRate;
        inputPeak.prepare(sampleRate);
        outputPeak.prepare(sampleRate);
    }

    /** The spec the chain was prepared with; null before {@link #prepare}. [thread-safe after prepare] */
    public ProcessSpec spec() {
        return spec;
    }

    /** Device output channels this engine fills. [thread-safe after prepare] */
    public int outputChannels() {
        return outputChannels;
    }

    /**
     * One device period: reads {@code frames} frames from {@code input} (one array per device
     * input channel, from index {@code inOffset}), runs the chain, writes {@code output} (one
     * array per device output channel, from index {@code outOffset}). Input and output may be
     * the same arrays. [audio-thread]
     *
     * @throws IllegalArgumentException when {@code frames} exceeds the prepared block size
     */
    public void process(float[][] input, int inOffset, float[][] output, int outOffset, int frames) {
        long start = System.nanoTime();
        if (frames > work[0].length) {
            throw new IllegalArgumentException("block of " + frames + " frames exceeds the prepared "
                    + work[0].length);
        }
        inputPeak.record(input, inputChannels, inOffset, frames);
        inputTap.write(input[0], inOffset, frames);
        for (int c = 0; c < inputChannels; c++) {
            System.arraycopy(input[c], inOffset, work[c], 0, frames);
        }
        chain.process(block.set(work, 0, frames));
        for (int o = 0; o < outputChannels; o++) {
            System.arraycopy(work[Math.min(o, chainOutputs - 1)], 0, output[o], outOffset, frames);
        }
        outputPeak.record(work, chainOutputs, 0, frames);
        outputTap.write(work[0], 0, frames);
        callbacks.lazySet(callbacks.get() + 1);
        load.record(System.nanoTime() - start, (long) (frames * nanosPerFrame));
    }

    /**
     * Clears load, peaks and the callback count, keeping the prepared buffers: after a warm-up
     * run ({@link ChainWarmUp}) so the meters show the stream only. The taps keep their samples
     * (a display shows the newest window anyway). [main-thread, audio stopped]
     */
    public void clearMeters() {
        load.clear();
        inputPeak.prepare(spec.sampleRate());
        outputPeak.prepare(spec.sampleRate());
        callbacks.set(0);
        xruns.set(0);
        lastXrunCallback.set(-1);
    }

    /** Counts one xrun reported by the device or its server. [thread-safe] */
    public void noteXrun() {
        xruns.incrementAndGet();
        lastXrunCallback.set(callbacks.get());
    }

    /**
     * How many callbacks had been processed when the latest xrun was noted (so the xrun hit that
     * callback or the next), or -1 when there was none. [thread-safe]
     */
    public long lastXrunCallback() {
        return lastXrunCallback.get();
    }

    /** Xruns reported so far. [thread-safe] */
    public long xruns() {
        return xruns.get();
    }

    /** Callbacks processed so far. [thread-safe] */
    public long callbacks() {
        return callbacks.get();
    }

    /** Callback time against deadline. [thread-safe] */
    public LoadMeter load() {
        return load;
    }

    /** Level of the device input. [thread-safe] */
    public PeakMeter inputPeak() {
        return inputPeak;
    }

    /** Level of the chain output. [thread-safe] */
    public PeakMeter outputPeak() {
        return outputPeak;
    }

    /** The latest device input samples (first channel), for displays. [thread-safe] */
    public SignalTap inputTap() {
        return inputTap;
    }

    /** The latest chain output samples (first channel), for displays. [thread-safe] */
    public SignalTap outputTap() {
        return outputTap;
    }
}
