package dev.convstream.live.latency;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;

/**
 * What the engine runs instead of a chain while the round-trip latency is measured: it plays
 * a test signal ({@link ProbeSignal}) on every output channel and records the first input
 * channel, sample for sample in step with what it played, so that the delay between the two
 * recordings is the round trip, output to input, in frames. Works on any backend, since it is
 * only a plugin. After the signal it plays silence and records nothing more.
 *
 * <p>Threads: {@link #prepare} and {@link #recording} on the main thread; {@link #process} on the
 * audio thread, allocation-free.
 */
public final class LatencyProbe implements AudioPlugin {

    private static final PluginDescriptor DESCRIPTOR =
            PluginDescriptor.of("latency_probe", "Round-trip latency probe", "1");

    private final double maxLatencySeconds;
    private float[] signal;
    private float[] recorded;
    private volatile int position;

    /** A probe that can find a round trip of up to {@code maxLatencySeconds}. */
    public LatencyProbe(double maxLatencySeconds) {
        if (!(maxLatencySeconds > 0 && maxLatencySeconds <= 10)) {
            throw new IllegalArgumentException("maximum latency must be in (0, 10] s, found " + maxLatencySeconds);
        }
        this.maxLatencySeconds = maxLatencySeconds;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ParameterSet parameters() {
        return ParameterSet.empty();
    }

    /** Builds the signal for the stream's rate and room to record it plus the longest round trip. */
    @Override
    public void prepare(ProcessSpec spec) {
        signal = ProbeSignal.create(spec.sampleRate());
        recorded = new float[signal.length + (int) Math.ceil(maxLatencySeconds * spec.sampleRate())];
        position = 0;
    }

    @Override
    public void process(AudioBlock block) {
        int p = position;
        float[] first = block.channel(0);
        int off = block.offset();
        for (int i = 0; i < block.frames(); i++) {
            int t = p + i;
            if (t < recorded.length) {
                recorded[t] = first[off + i];
            }
        }
        for (int c = 0; c < block.channelCount(); c++) {
            float[] x = block.channel(c);
            for (int i = 0; i < block.frames(); i++) {
                int t = p + i;
                x[off + i] = t < signal.length ? signal[t] : 0f;
            }
        }
        position = (int) Math.min(recorded.length, (long) p + block.frames());
    }

    /** Back to the start of the signal, recording cleared. */
    @Override
    public void reset() {
        java.util.Arrays.fill(recorded, 0f);
        position = 0;
    }

    /** Whether the signal has been played and the longest round trip recorded. [thread-safe] */
    public boolean done() {
        return recorded != null && position >= recorded.length;
    }

    /** The signal played. [main-thread, after prepare] */
    public float[] played() {
        return signal.clone();
    }

    /** The first input channel, from the first sample played on. [main-thread, once done] */
    public float[] recording() {
        return recorded.clone();
    }

    @Override
    public void close() {
    }
}
