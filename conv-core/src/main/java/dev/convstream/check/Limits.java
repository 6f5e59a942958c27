package dev.convstream.check;

/**
 * The sizes convstream promises to handle, and refuses beyond with a message naming the limit
 * before anything large is allocated. docs/limits.md lists them for users, with the reasons.
 */
public final class Limits {
    /** Frames per processing block: 65,536 is 1.4 s at 48 kHz, far beyond any device buffer. */
    public static final int MAX_BLOCK = 1 << 16;

    /**
     * Samples a WaveNet's receptive field may span: 2^20 is 21.8 s at 48 kHz (NAM's A1 standard
     * spans 8,185), and keeps every history buffer's index arithmetic inside an int.
     */
    public static final int MAX_RECEPTIVE_FIELD = 1 << 20;

    /**
     * Weights of one WaveNet, a bound on its cost: every weight is about one multiply-add per
     * sample, so 2^20 (76 times NAM's A1 standard of 13,802) is already far from real time.
     */
    public static final long MAX_MODEL_WEIGHTS = 1 << 20;

    /** Layers of one WaveNet, over all its arrays (A1 standard: 20); each costs a pass per block. */
    public static final int MAX_MODEL_LAYERS = 1024;

    private Limits() {
    }

    /** {@code 1 <= block <= MAX_BLOCK}, else an {@link IllegalArgumentException} naming {@code name}. */
    public static int block(String name, int block) {
        return Require.inRange(name, block, 1, MAX_BLOCK);
    }
}
