package dev.convstream.plugin;

/**
 * Guard rails for the audio thread: non-finite samples and denormals.
 *
 * <p>Why: one NaN or infinity reaching a recursive filter or a convolution history stays there
 * and poisons every later sample; denormal floats (below ~1.2e-38) make arithmetic up to a
 * hundred times slower on x86, and the JVM gives no control over the CPU's flush-to-zero mode,
 * so decaying state is flushed explicitly. All methods are stateless and allocation-free,
 * safe on the audio thread.
 */
public final class SampleGuard {

    /** Magnitudes below this are flushed to zero: far below audibility (-600 dBFS), far above the denormal range. */
    public static final float DENORMAL_THRESHOLD = 1e-30f;

    private SampleGuard() {
    }

    /** {@code x}, or 0 when its magnitude is below {@link #DENORMAL_THRESHOLD}. [audio-thread] */
    public static float flushDenormal(float x) {
        return Math.abs(x) < DENORMAL_THRESHOLD ? 0f : x;
    }

    /** Same as {@link #flushDenormal(float)} for double-precision state. [audio-thread] */
    public static double flushDenormal(double x) {
        return Math.abs(x) < DENORMAL_THRESHOLD ? 0.0 : x;
    }

    /**
     * Replaces every NaN or infinite sample of {@code a[off, off+n)} with 0.
     *
     * @return how many samples were replaced [audio-thread]
     */
    public static int sanitize(float[] a, int off, int n) {
        int bad = 0;
        for (int i = off, end = off + n; i < end; i++) {
            if (!Float.isFinite(a[i])) {
                a[i] = 0f;
                bad++;
            }
        }
        return bad;
    }

    /**
     * Replaces every non-finite sample of the block with 0: the contract's "non-finite input is
     * silence". Call it first thing in {@code process}.
     *
     * @return how many samples were replaced [audio-thread]
     */
    public static int sanitize(AudioBlock block) {
        int bad = 0;
        for (int c = 0; c < block.channelCount(); c++) {
            bad += sanitize(block.channel(c), block.offset(), block.frames());
        }
        return bad;
    }

    /** Flushes denormals in {@code a[off, off+n)} to zero. [audio-thread] */
    public static void flushDenormals(float[] a, int off, int n) {
        for (int i = off, end = off + n; i < end; i++) {
            if (Math.abs(a[i]) < DENORMAL_THRESHOLD) {
                a[i] = 0f;
            }
        }
    }
}
