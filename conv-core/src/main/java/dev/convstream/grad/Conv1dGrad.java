package dev.convstream.grad;

import dev.convstream.check.Require;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.RowDots;
import dev.convstream.kernel.StreamingConvKernel;

import java.util.Arrays;

/**
 * Forward and backward of one "valid" 1D convolution ({@link Conv1dShape}) over whole segments,
 * channel-major planar: row c of a T-frame signal starts at {@code off + c * stride}.
 *
 * <ul>
 * <li>{@link #forward}: the family's {@link StreamingConvKernel}, group by group, exactly as
 *     inference runs it ({@code model.Conv}), so a frame's value has the same bits.
 * <li>{@link #inputGradient}: the transposed convolution
 *     {@code dx[c][s] = sum_{o,k} W[o][c][k] dy[o][s - k*dilation]}, computed as a correlation of
 *     the output gradient, zero-padded by {@code history} frames on both sides, with the weights
 *     transposed ({@code in <-> out}) and reversed in time, on the same streaming kernel.
 * <li>{@link #weightGradient}: {@code dW[o][c][k] += sum_t dy[o][t] x[c][t + k*dilation]}, one
 *     {@link RowDots} product per group: the output gradient's rows dotted with the input's rows
 *     shifted by each tap (given by their starts, no column matrix), added straight into dW,
 *     whose {@code [out][in/groups][kernel]} layout is that product's.
 * <li>{@link #biasGradient}: {@code db[o] += sum_t dy[o][t]}, the same product with a row of ones.
 * </ul>
 * Immutable and thread-safe; each thread brings its own {@link GradScratch}. No call allocates
 * once the scratch has grown to the shapes in use.
 */
public final class Conv1dGrad {
    private final Conv1dShape shape;
    private final StreamingConvKernel forwardKernel;
    private final StreamingConvKernel backwardKernel;
    private final RowDots rowDots;

    public Conv1dGrad(Conv1dShape shape, Kernels kernels) {
        Require.notNull("shape", shape);
        Require.notNull("kernels", kernels);
        this.shape = shape;
        this.forwardKernel = kernels.streamingConv().forOutputs(shape.outChannels() / shape.groups());
        this.backwardKernel = kernels.streamingConv().forOutputs(shape.inChannels() / shape.groups());
        this.rowDots = kernels.rowDots();
    }

    public Conv1dShape shape() {
        return shape;
    }

    /**
     * {@code y = base + conv(x) + b} over {@code n} output frames. {@code x} is read from
     * {@code xOff - history} (frame 0 of the output sees input frames {@code xOff - history ..
     * xOff}); {@code base} is null (zero), {@code y} itself (accumulate), or a range not
     * overlapping y. {@code b} is ignored (may be null) when the shape has no bias.
     */
    public void forward(float[] w, int wOff, float[] b, int bOff, float[] x, int xOff, int xStride,
                        float[] base, int baseOff, int baseStride, float[] y, int yOff, int yStride, int n) {
        int gi = shape.inChannels() / shape.groups();
        int go = shape.outChannels() / shape.groups();
        int k = shape.kernelSize();
        float[] bias = shape.bias() ? b : null;
        for (int g = 0; g < shape.groups(); g++) {
            forwardKernel.correlate(go, gi, k, shape.dilation(), w, wOff + g * go * gi * k, bias, bOff + g * go,
                    x, xOff + g * gi * xStride, xStride, base, baseOff + g * go * baseStride, baseStride,
                    y, yOff + g * go * yStride, yStride, n);
        }
    }

    /**
     * The gradient with respect to the input, {@code n + history} frames, from the output
     * gradient {@code dy} of {@code n} frames: written to dx, or added to it when
     * {@code accumulate}.
     */
    public void inputGradient(float[] w, int wOff, float[] dy, int dyOff, int dyStride, int n,
                              float[] dx, int dxOff, int dxStride, boolean accumulate, GradScratch scratch) {
        int groups = shape.groups();
        int gi = shape.inChannels() / groups;
        int go = shape.outChannels() / groups;
        int k = shape.kernelSize();
        int d = shape.dilation();
        int hist = shape.history();
        int frames = n + hist;
        float[] flip = scratch.flipped(shape.weightCount());
        // flip[g][c][o][k'] = W[g*go + o][c][k-1-k']: a correlation with it is the transposed conv
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < go; o++) {
                for (int c = 0; c < gi; c++) {
                    int from = wOff + ((g * go + o) * gi + c) * k;
                    int to = ((g * gi + c) * go + o) * k;
                    for (int t = 0; t < k; t++) {
                        flip[to + t] = w[from + k - 1 - t];
                    }
                }
            }
        }
        float[] src = dy;
        int srcOff = dyOff;
        int srcStride = dyStride;
        if (hist > 0) {
            int rowLength = frames + hist;
            float[] pad = scratch.padded(shape.outChannels() * rowLength);
            for (int o = 0; o < shape.outChannels(); o++) {
                int row = o * rowLength;
                Arrays.fill(pad, row, row + hist, 0f);
                System.arraycopy(dy, dyOff + o * dyStride, pad, row + hist, n);
                Arrays.fill(pad, row + hist + n, row + rowLength, 0f);
            }
            src = pad;
            srcOff = hist;
            srcStride = rowLength;
        }
        for (int g = 0; g < groups; g++) {
            int yOff = dxOff + g * gi * dxStride;
            backwardKernel.correlate(gi, go, k, d, flip, g * gi * go * k, null, 0,
                    src, srcOff + g * go * srcStride, srcStride,
                    accumulate ? dx : null, yOff, dxStride, dx, yOff, dxStride, frames);
        }
    }

    /**
     * Adds the gradient with respect to the weights to {@code dw[dwOff ..]}, in the weight layout
     * {@code [out][in/groups][kernel]}, from the input {@code x} (frames {@code xOff ..
     * xOff + n + history}) and the output gradient {@code dy} of {@code n} frames.
     */
    public void weightGradient(float[] x, int xOff, int xStride, float[] dy, int dyOff, int dyStride, int n,
                               float[] dw, int dwOff, GradScratch scratch) {
        int groups = shape.groups();
        int gi = shape.inChannels() / groups;
        int go = shape.outChannels() / groups;
        int k = shape.kernelSize();
        int[] rows = scratch.rows(gi * k);
        for (int g = 0; g < groups; g++) {
            // row (c, tap) of B is input channel c shifted by the tap: dW[o][c][tap] is its dot with dy[o]
            for (int c = 0; c < gi; c++) {
                for (int t = 0; t < k; t++) {
                    rows[c * k + t] = xOff + (g * gi + c) * xStride + t * shape.dilation();
                }
            }
            rowDots.multiply(go, gi * k, n, dy, dyOff + g * go * dyStride, dyStride, x, rows,
                    dw, dwOff + g * go * gi * k, gi * k, true, scratch.work(rowDots.workSize()));
        }
    }

    /** Adds {@code sum_t dy[o][t]} to {@code db[dbOff + o]} for every output channel: dy's rows dotted with ones. */
    public void biasGradient(float[] dy, int dyOff, int dyStride, int n, float[] db, int dbOff, GradScratch scratch) {
        int[] row = scratch.rows(1);
        row[0] = 0;
        rowDots.multiply(shape.outChannels(), 1, n, dy, dyOff, dyStride, scratch.ones(n), row, db, dbOff, 1, true,
                scratch.work(rowDots.workSize()));
    }
}
