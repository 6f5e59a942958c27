package dev.convstream.stream;

import dev.convstream.kernel.LineAligned;

import java.util.Arrays;

/**
 * A streaming conv's input, channel-major: per channel a row holding the {@code history} frames
 * before the current block right in front of it, so the conv reads every tap as one contiguous
 * run and the block is written once (no ring stored twice). The rows slide forward block by
 * block; when a block would run past a row's end, the history is first moved to the row's front
 * ({@link #beginBlock}). Rows have room for {@code max(maxBlock, 8 * history, 1024)} frames
 * beyond the history ({@link #ROOM_HISTORIES}, {@link #MIN_ROOM}), so blocks of {@code n} frames
 * move it at most once every {@code max(n, 8H - n, 1024 - n)} frames: a move costs at most a
 * quarter of a frame per input frame on average (about an eighth for blocks short against the
 * history), and short histories are not moved every block. Only the window the conv reads is
 * touched per block, so the long rows do not grow what the caches must hold.
 *
 * <p>Line-aligned rows (the conv kernels' case) are whole 64-byte lines long, carved from a
 * {@link LineAligned} array, and a block's frame 0 after a move sits on a line ({@code home}, the
 * history rounded up to a line): with blocks of whole lines the kernel's vectors at the block's
 * frames (every tap when the dilation is a multiple of 16) each touch one cache line, not two.
 *
 * <p>Internal: the one owner of this rule for {@link StreamingConv1d} and the WaveNet's
 * histories ({@code model.SlidingHistory}, which adds steady and captured states on top); not
 * an API for applications. Not thread-safe; {@link #beginBlock}, {@link #endBlock} and the
 * accessors do not allocate.
 */
public final class SlidingRows {

    /**
     * Histories of room in a row beyond the history (or {@link #MIN_ROOM} or the largest block,
     * if longer). With 8 a move costs at most a quarter of a frame per input frame (an eighth for
     * blocks short against the history); with 4 it was twice that. The price is memory: rows of
     * about 9 histories instead of 5.
     */
    static final int ROOM_HISTORIES = 8;
    /**
     * Frames of room at least, whatever the (non-zero) history: a move's cost is mostly per call for short
     * histories (one {@code System.arraycopy} per channel), and with room for only one block the
     * layers of dilation 1-4 of a NAM WaveNet moved their few frames every block: ~3% of an A1
     * standard's time at blocks of 64 on JDK 25 (JFR), 0.8% with this room (BENCHMARKS.md,
     * "s29-a1"). Costs 4 KB per channel row; the A1's rows at blocks of 64 are 2.3 MB (1 MB with
     * the old 4 histories and no minimum), inside the 4 MB a line-aligned array takes anyway.
     */
    static final int MIN_ROOM = 1024;
    private final int channels;
    private final int history;
    private final boolean lineAligned;
    private float[] data;  // from base: [channels][rowLength]
    private int rowLength;
    private int home;      // row index of a block's frame 0 after a move: the history (rounded up to a line when aligned)
    private int base;      // index in data of row 0's frame 0
    private int pos;       // index in data of the current block's frame 0 in row 0, always >= base + history

    /**
     * @param lineAligned rows of whole lines on a line, a block's frame 0 after a move on a line
     *     (the rows must then be {@link #attach}ed at a line of a {@link LineAligned} array)
     */
    public SlidingRows(int channels, int history, boolean lineAligned) {
        this.channels = channels;
        this.history = history;
        this.lineAligned = lineAligned;
    }

    /**
     * Sets the row length for blocks of up to {@code maxBlock} frames; returns the floats
     * {@link #attach} needs (whole lines when aligned).
     *
     * @throws IllegalArgumentException if the rows would not fit one array
     */
    public long floats(int maxBlock) {
        int front = lineAligned ? (int) LineAligned.roundUp(history) : history;
        // no history, nothing to move: room for a block is enough
        long room = history == 0 ? maxBlock : Math.max(Math.max(maxBlock, MIN_ROOM), (long) ROOM_HISTORIES * history);
        long row = (long) front + room;
        if (lineAligned) {
            row = LineAligned.roundUp(row);
        }
        if (row * channels > Integer.MAX_VALUE - 8) {
            throw tooLarge(maxBlock, channels, history);
        }
        home = front;
        rowLength = (int) row;
        return row * channels;
    }

    /** The error for a {@code maxBlock} whose buffers would not fit one array. */
    public static IllegalArgumentException tooLarge(int maxBlock, int channels, int history) {
        return new IllegalArgumentException("maxBlockSize " + maxBlock + " is too large for " + channels
                + " channels with history " + history);
    }

    /**
     * Takes {@link #floats} floats of {@code shared} from {@code at} as its rows (zeroed by the
     * caller, or later by {@link #clear}) and goes to the rows' front.
     */
    public void attach(float[] shared, int at) {
        data = shared;
        base = at;
        pos = base + home;
    }

    /**
     * Sizes the rows for blocks of up to {@code maxBlock} frames in an array of their own (a
     * {@link LineAligned} one when aligned: at least 4 MB) and attaches them. Allocates.
     */
    public void allocate(int maxBlock) {
        long floats = floats(maxBlock);
        if (lineAligned) {
            attach(LineAligned.allocate(floats), LineAligned.ORIGIN);
        } else {
            attach(new float[(int) floats], 0);
        }
    }

    /** Makes room for a block of {@code n} frames at {@link #pos}: moves the history to the rows' front if it would not fit. */
    public void beginBlock(int n) {
        if (pos - base + n > rowLength) {
            for (int c = 0; c < channels; c++) {
                int row = c * rowLength;
                System.arraycopy(data, pos + row - history, data, base + row + home - history, history);
            }
            pos = base + home;
        }
    }

    /** The current block has been consumed: it becomes history. */
    public void endBlock(int n) {
        pos += n;
    }

    /** Back to the rows' front; the history is whatever is there. */
    public void rewind() {
        pos = base + home;
    }

    /** Zeroes every row and goes back to the front: the history of silence. */
    public void clear() {
        Arrays.fill(data, base, base + channels * rowLength, 0f);
        rewind();
    }

    /** Sets the history before the current block to {@code level[c]} in every frame of channel c. */
    public void fillHistory(float[] level) {
        for (int c = 0; c < channels; c++) {
            int row = pos + c * rowLength;
            Arrays.fill(data, row - history, row, level[c]);
        }
    }

    /** The array the rows are in. */
    public float[] data() {
        return data;
    }

    /** Index in {@link #data} of the current block's frame 0 in row 0; row c's is {@code pos() + c * rowLength()}. */
    public int pos() {
        return pos;
    }

    /** Floats from one channel's row to the next. */
    public int rowLength() {
        return rowLength;
    }

    public int channels() {
        return channels;
    }

    /** Frames of history kept before the current block. */
    public int history() {
        return history;
    }

    /** Whether the rows have been sized and attached. */
    public boolean attached() {
        return data != null;
    }
}
