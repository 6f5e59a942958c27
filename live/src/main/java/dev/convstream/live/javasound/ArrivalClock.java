package dev.convstream.live.javasound;

/**
 * How late each captured block arrives against the device's clock, from the times the reads
 * return: block {@code k} cannot arrive before {@code k * period} after the stream's origin, so
 * {@code offset(k) = t(k) - k * period} is smallest for a block that arrived the moment it was
 * complete, and {@code offset(k) - min(offset)} is how long block {@code k} waited: the jitter
 * of the driver (PulseAudio delivers capture in bursts of a fragment) plus any backlog of ours.
 *
 * <p>The minimum is kept over a sliding window of recent blocks (a ring of per-window minima),
 * so the slow drift between the system clock and the sound card's clock (up to ~100 ppm) is
 * followed instead of accumulating. Allocation-free after construction; one thread.
 */
final class ArrivalClock {

    private final long periodNanos;
    private final long blocksPerWindow;
    private final long[] windowMin;
    private long blocks;
    private long currentMin;
    private int window;

    /**
     * @param periodNanos    one block's duration
     * @param windowNanos    length of one window of the sliding minimum
     * @param windows        windows kept (the minimum spans {@code windows * windowNanos})
     */
    ArrivalClock(long periodNanos, long windowNanos, int windows) {
        if (periodNanos < 1 || windowNanos < periodNanos || windows < 1) {
            throw new IllegalArgumentException("clock needs period >= 1 ns, window >= period, windows >= 1; found "
                    + periodNanos + ", " + windowNanos + ", " + windows);
        }
        this.periodNanos = periodNanos;
        this.blocksPerWindow = windowNanos / periodNanos;
        this.windowMin = new long[windows];
        reset();
    }

    /** Forgets every block: the next one is the new origin. */
    void reset() {
        blocks = 0;
        window = 0;
        currentMin = Long.MAX_VALUE;
        java.util.Arrays.fill(windowMin, Long.MAX_VALUE);
    }

    /**
     * Counts one block that arrived at {@code nowNanos} and returns how long it waited, in
     * nanoseconds ({@code >= 0}; 0 for the earliest block in the window).
     */
    long arrived(long nowNanos) {
        long offset = nowNanos - blocks * periodNanos;
        blocks++;
        currentMin = Math.min(currentMin, offset);
        if (blocks % blocksPerWindow == 0) {
            window = (window + 1) % windowMin.length;
            windowMin[window] = currentMin;
            currentMin = Long.MAX_VALUE;
        }
        long min = currentMin;
        for (long m : windowMin) {
            min = Math.min(min, m);
        }
        return offset - min;
    }

    /** Blocks counted since the origin. */
    long blocks() {
        return blocks;
    }
}
