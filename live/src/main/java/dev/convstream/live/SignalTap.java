package dev.convstream.live;

/**
 * The latest samples of a live signal, for a display (the control panel's spectrogram): the
 * audio thread writes into a ring without ever waiting, a reader copies the most recent window.
 * A reader that falls behind loses old samples, never delays the audio (updates are dropped,
 * not queued).
 *
 * <p>One writer (the audio thread), any number of readers. The write position is published
 * after the samples; a reader checks it again after copying and retries if the writer lapped
 * the window meanwhile.
 */
public final class SignalTap {

    private final float[] ring;
    private final int mask;
    private volatile long written;

    /** A tap keeping the last {@code capacity} samples (rounded up to a power of two). */
    public SignalTap(int capacity) {
        if (capacity < 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("tap capacity must be in [1, 2^26], found " + capacity);
        }
        int size = 1;
        while (size < capacity) {
            size <<= 1;
        }
        this.ring = new float[size];
        this.mask = ring.length - 1;
    }

    /** Number of samples the ring holds. */
    public int capacity() {
        return ring.length;
    }

    /** Appends frames {@code [offset, offset + frames)} of {@code x}. [audio-thread] */
    public void write(float[] x, int offset, int frames) {
        long w = written;
        for (int i = 0; i < frames; i++) {
            ring[(int) ((w + i) & mask)] = x[offset + i];
        }
        written = w + frames;
    }

    /** Total samples written since creation. [thread-safe] */
    public long position() {
        return written;
    }

    /**
     * Copies the {@code n} samples that end at the current position into {@code dst[0..n)},
     * oldest first (zeros before the first sample written), and returns the position they end
     * at. [any thread but the audio thread]
     *
     * @throws IllegalArgumentException when {@code n} exceeds half the capacity (the writer could
     *                                  lap a larger window while it is copied) or {@code dst}
     */
    public long latest(float[] dst, int n) {
        if (n < 0 || n > ring.length / 2 || n > dst.length) {
            throw new IllegalArgumentException("window must be in [0, min(capacity/2, dst.length)] = [0, "
                    + Math.min(ring.length / 2, dst.length) + "], found " + n);
        }
        while (true) {
            long end = written;
            long start = end - n;
            for (int i = 0; i < n; i++) {
                long p = start + i;
                dst[i] = p < 0 ? 0f : ring[(int) (p & mask)];
            }
            if (written - start <= ring.length) {
                return end;
            }
        }
    }
}
