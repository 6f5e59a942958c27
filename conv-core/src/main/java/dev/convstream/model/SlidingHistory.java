package dev.convstream.model;

import dev.convstream.kernel.LineAligned;

import java.util.Arrays;

/**
 * One dilated conv's input, channel-major, with the {@code history} frames before the current
 * block kept right in front of it in the same row: a linear buffer that slides forward block by
 * block, so the conv kernel reads every tap as one contiguous run and the layer before can write
 * its output straight into the block (no ring copy). When a block would run past the end of a
 * row, the history is first moved to the row's front; rows have room for
 * {@code max(maxBlock, 4 * history)} frames beyond the history, so that copy happens at most
 * every other block and costs at most a quarter of a frame per channel per frame on average
 * (with room for one history it was a whole frame: 2-4% of a NAM WaveNet's time, JFR). Only
 * the window the convs read is touched per block, so the longer rows do not grow the data the
 * caches must hold.
 *
 * <p>Rows are whole 64-byte lines long and a block's frame 0 after a move sits on a line
 * ({@link #home}, the history rounded up to a line), and a model's histories share one
 * {@link LineAligned} array ({@link #floats}, {@link #attach}): with blocks of whole lines the
 * conv tile's vectors at the block's frames (all its taps when the dilation is a multiple of 16)
 * each touch one cache line instead of two.
 */
final class SlidingHistory {
    final int channels;
    final int history;
    final float[] steady; // per channel, the value after endless silence (found by settle)
    float[] data;  // from base: [channels][rowLength]
    private float[] captured; // [channels][history], the history reset restores, once captured
    int rowLength;
    private int home;  // row index of a block's frame 0 after a move: history rounded up to a line
    private int base;  // index in data of row 0's frame 0
    int pos;       // index in data of the current block's frame 0 in row 0, always >= base + history

    SlidingHistory(int channels, int history) {
        this.channels = channels;
        this.history = history;
        this.steady = new float[channels];
    }

    /** Sets the row length for blocks of up to {@code maxBlock} frames; returns the floats {@link #attach} needs (whole lines). */
    long floats(int maxBlock) {
        home = (int) LineAligned.roundUp(history);
        long row = LineAligned.roundUp((long) home + Math.max(maxBlock, 4L * history));
        if (row * channels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBlockSize " + maxBlock + " is too large for " + channels
                    + " channels with history " + history);
        }
        rowLength = (int) row;
        return row * channels;
    }

    /** Takes {@link #floats} floats of {@code shared} from {@code at} (zeroed) as its rows. */
    void attach(float[] shared, int at) {
        data = shared;
        base = at;
        captured = null;
        pos = base + home;
    }

    /**
     * The current history becomes the one {@link #reset()} restores, in place of the steady
     * values: the state a prewarm run (a recurrent condition DSP) reached. Allocates the first time.
     */
    void capture() {
        if (captured == null) {
            captured = new float[channels * history];
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(data, pos + c * rowLength - history, captured, c * history, history);
        }
    }

    /** Makes room for a block of {@code n} frames at {@link #pos}. */
    void beginBlock(int n) {
        if (pos - base + n > rowLength) {
            for (int c = 0; c < channels; c++) {
                int row = c * rowLength;
                System.arraycopy(data, pos + row - history, data, base + row + home - history, history);
            }
            pos = base + home;
        }
    }

    /** The current block has been consumed: it becomes history. */
    void endBlock(int n) {
        pos += n;
    }

    /** Sets the history before the current block to {@code level[c]} in every frame of channel c. */
    void fillHistory(float[] level) {
        for (int c = 0; c < channels; c++) {
            int row = pos + c * rowLength;
            Arrays.fill(data, row - history, row, level[c]);
        }
    }

    /**
     * Takes the current block's frame 0 as the steady value of each channel and fills the
     * history with it: called while settling (one frame of silence through the model), when frame
     * 0 holds what this input is after endless silence.
     */
    void settle() {
        for (int c = 0; c < channels; c++) {
            steady[c] = data[pos + c * rowLength];
        }
        fillHistory(steady);
    }

    /** Back to the front of the rows, with every history frame at its steady (or captured) value. */
    void reset() {
        pos = base + home;
        if (captured == null) {
            fillHistory(steady);
            return;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(captured, c * history, data, pos + c * rowLength - history, history);
        }
    }
}
