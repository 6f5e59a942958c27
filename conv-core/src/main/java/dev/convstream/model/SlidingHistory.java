package dev.convstream.model;

import dev.convstream.kernel.LineAligned;
import dev.convstream.stream.SlidingRows;

/**
 * One dilated conv's input in a WaveNet: line-aligned {@link SlidingRows} (the sliding rule
 * shared with {@code StreamingConv1d}: the history right in front of the block, moved to the
 * rows' front when a block would not fit, so the conv kernel reads every tap as one contiguous
 * run and the layer before writes its output straight into the block), plus what a WaveNet
 * resets to: each channel's steady value after endless silence ({@link #settle}), or the
 * history a prewarm run reached ({@link #capture}). A model's histories share one
 * {@link LineAligned} array ({@link #floats}, {@link #attach}).
 */
final class SlidingHistory {
    final int channels;
    final int history;
    final SlidingRows rows;
    final float[] steady; // per channel, the value after endless silence (found by settle)
    private float[] captured; // [channels][history], the history reset restores, once captured

    SlidingHistory(int channels, int history) {
        this.channels = channels;
        this.history = history;
        this.rows = new SlidingRows(channels, history, true);
        this.steady = new float[channels];
    }

    /** Sets the row length for blocks of up to {@code maxBlock} frames; returns the floats {@link #attach} needs (whole lines). */
    long floats(int maxBlock) {
        return rows.floats(maxBlock);
    }

    /** Takes {@link #floats} floats of {@code shared} from {@code at} (zeroed) as its rows. */
    void attach(float[] shared, int at) {
        rows.attach(shared, at);
        captured = null;
    }

    /**
     * The current history becomes the one {@link #reset()} restores, in place of the steady
     * values: the state a prewarm run (a recurrent condition DSP) reached. Allocates the first time.
     */
    void capture() {
        if (captured == null) {
            captured = new float[channels * history];
        }
        float[] data = rows.data();
        for (int c = 0; c < channels; c++) {
            System.arraycopy(data, rows.pos() + c * rows.rowLength() - history, captured, c * history, history);
        }
    }

    /**
     * Takes the current block's frame 0 as the steady value of each channel and fills the
     * history with it: called while settling (one frame of silence through the model), when frame
     * 0 holds what this input is after endless silence.
     */
    void settle() {
        float[] data = rows.data();
        for (int c = 0; c < channels; c++) {
            steady[c] = data[rows.pos() + c * rows.rowLength()];
        }
        rows.fillHistory(steady);
    }

    /** Back to the front of the rows, with every history frame at its steady (or captured) value. */
    void reset() {
        rows.rewind();
        if (captured == null) {
            rows.fillHistory(steady);
            return;
        }
        float[] data = rows.data();
        for (int c = 0; c < channels; c++) {
            System.arraycopy(captured, c * history, data, rows.pos() + c * rows.rowLength() - history, history);
        }
    }
}
