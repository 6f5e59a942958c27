package dev.convstream.kernel;

import dev.convstream.check.Require;
import dev.convstream.spec.PaddingMode;

/**
 * Where the windows of a 2D convolution fall on one image plane: the shared vocabulary of
 * {@link Im2col} and {@link Col2im}. Window {@code (oy, ox)} of the {@code gridH x gridW} grid
 * has its tap {@code (ky, kx)} on image coordinate
 * {@code (oy*strideH + ky*dilationH - padTop, ox*strideW + kx*dilationW - padLeft)}; a coordinate
 * outside the {@code imageH x imageW} plane reads (or, for the adjoint, writes) where
 * {@link PaddingMode#sourceIndex} sends it, or nowhere for a zero.
 *
 * <p>For a convolution the image is its input and the grid its output; for a transposed
 * convolution the image is its output and the grid its input. Padding after the end needs no
 * field: it only decides how large the grid is, and the grid size is given. {@code padTop} and
 * {@code padLeft} may be negative: that is a {@link #tile} of a larger grid whose first window
 * starts inside the image.
 */
public record ConvGeometry(int imageH, int imageW, int kernelH, int kernelW, int strideH, int strideW,
                           int padTop, int padLeft, int dilationH, int dilationW, int gridH, int gridW,
                           PaddingMode mode) {

    public ConvGeometry {
        Require.atLeastOne("imageH", imageH);
        Require.atLeastOne("imageW", imageW);
        Require.atLeastOne("kernelH", kernelH);
        Require.atLeastOne("kernelW", kernelW);
        Require.atLeastOne("strideH", strideH);
        Require.atLeastOne("strideW", strideW);
        Require.atLeastOne("dilationH", dilationH);
        Require.atLeastOne("dilationW", dilationW);
        Require.atLeastOne("gridH", gridH);
        Require.atLeastOne("gridW", gridW);
        Require.notNull("padding mode", mode);
    }

    /**
     * The windows {@code [row0, row0+rows) x [col0, col0+cols)} of this grid as a grid of their
     * own, so that a large column matrix can be built and consumed a tile at a time.
     */
    public ConvGeometry tile(int row0, int rows, int col0, int cols) {
        if (row0 < 0 || col0 < 0 || rows < 1 || cols < 1 || row0 + rows > gridH || col0 + cols > gridW) {
            throw new IllegalArgumentException("tile rows [" + row0 + ", " + (row0 + rows) + ") x cols [" + col0
                    + ", " + (col0 + cols) + ") is not inside the " + gridH + "x" + gridW + " grid");
        }
        if (row0 == 0 && col0 == 0 && rows == gridH && cols == gridW) {
            return this;
        }
        return new ConvGeometry(imageH, imageW, kernelH, kernelW, strideH, strideW, padTop - row0 * strideH,
                padLeft - col0 * strideW, dilationH, dilationW, rows, cols, mode);
    }

        /** Values in one image plane. */
    public int imageSize() {
        return imageH * imageW;
    }

    /** Windows in the grid, i.e. the length of one column-matrix row. */
    public int gridSize() {
        return gridH * gridW;
    }

    /** Kernel taps per channel, i.e. column-matrix rows per channel. */
    public int taps() {
        return kernelH * kernelW;
    }

    /** First grid column whose tap {@code kx} lands inside the image (may be {@code gridW}). */
    int firstInside(int kx) {
        int shift = kx * dilationW - padLeft;
        int lo = shift >= 0 ? 0 : (-shift + strideW - 1) / strideW;
        return Math.min(lo, gridW);
    }

    /** One past the last grid column whose tap {@code kx} lands inside the image, {@code >= firstInside}. */
    int endInside(int kx) {
        int shift = kx * dilationW - padLeft;
        int last = imageW - 1 - shift;
        int hi = last < 0 ? 0 : last / strideW + 1;
        return Math.max(Math.min(hi, gridW), firstInside(kx));
    }
}
