package dev.convstream.live;

import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackLatencyCallbackMode;
import org.jaudiolibs.jnajack.JackPort;

/**
 * The round trip of a JACK stream, in frames: what the server says its capture and playback
 * take (the latency ranges JACK propagates to our ports from the ports they are connected to:
 * one period each for a JACK2 driver with two periods, plus the driver's extra input/output
 * latency if configured), plus the chain's declared latency. The backend itself adds nothing:
 * the chain runs inside the process callback, on the period JACK hands it.
 */
final class JackLatency {

    private JackLatency() {
    }

    /** How long to wait for the server to propagate latencies after a connection. */
    private static final long SETTLE_NANOS = 500_000_000L;

    /**
     * Capture latency of {@code input} (max of its range) + playback latency of {@code output}
     * + {@code chainLatency}; without connections JACK reports 0 for a port, so the sum is the
     * chain's alone. [main-thread]
     */
    static long measured(JackPort input, JackPort output, int chainLatency) throws JackException {
        return capture(input) + playback(output) + chainLatency;
    }

    /**
     * As {@link #measured}, right after connecting: the server propagates latencies to our ports
     * asynchronously, so when a side is connected to a physical port (which always declares
     * some latency) this waits, at most half a second, until that side shows it. [main-thread]
     */
    static long settled(JackPort input, boolean physicalSource, JackPort output, boolean physicalSink,
                        int chainLatency) throws JackException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while ((physicalSource && capture(input) == 0 || physicalSink && playback(output) == 0)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return measured(input, output, chainLatency);
    }

    private static long capture(JackPort port) throws JackException {
        JackPort.JackLatencyRange range = new JackPort.JackLatencyRange();
        port.getLatencyRange(range, JackLatencyCallbackMode.JackCaptureLatency);
        return range.getMax();
    }

    private static long playback(JackPort port) throws JackException {
        JackPort.JackLatencyRange range = new JackPort.JackLatencyRange();
        port.getLatencyRange(range, JackLatencyCallbackMode.JackPlaybackLatency);
        return range.getMax();
    }
}
