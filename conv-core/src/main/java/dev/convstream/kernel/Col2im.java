package dev.convstream.kernel;

/**
 * The adjoint of {@link Im2col}: adds every entry of a column matrix
 * {@code [channels*kernelH*kernelW][gridH*gridW]} back onto the image coordinate it was read
 * from. With zero padding that is the scatter of a transposed convolution (entries landing in
 * the padding are dropped, which is the transposed convolution's cropping); with the other
 * padding modes an entry is added where {@link dev.convstream.spec.PaddingMode#sourceIndex}
 * sends it, which makes {@code <im2col(x), c> = <x, col2im(c)>} hold for every mode.
 *
 * <p>Stateless; never allocates. Accumulates, so the caller clears (or pre-fills, e.g. with a
 * bias) the image first.
 */
public final class Col2im {
    private Col2im() {
    }

    /**
     * Adds the column matrix at {@code columns[columnsOff]} into {@code channels} planes stored
     * as {@code [channels][imageH][imageW]} from {@code image[imageOff]}.
     */
    public static void accumulate(ConvGeometry g, int channels, float[] columns, int columnsOff,
                                  float[] image, int imageOff) {
        Im2col.checkRanges(g, channels, image.length, imageOff, columns.length, columnsOff);
        int imageW = g.imageW();
        int gridW = g.gridW();
        int sw = g.strideW();
        int row = columnsOff;
        for (int c = 0; c < channels; c++) {
            int plane = imageOff + c * g.imageSize();
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int shift = kx * g.dilationW() - g.padLeft();
                    int lo = g.firstInside(kx);
                    int hi = g.endInside(kx);
                    for (int oy = 0; oy < g.gridH(); oy++) {
                        int iy = oy * g.strideH() + ky * g.dilationH() - g.padTop();
                        int sy = g.mode().sourceIndex(iy, g.imageH());
                        if (sy < 0) {
                            continue;
                        }
                        int src = row + oy * gridW;
                        int dst = plane + sy * imageW;
                        for (int ox = 0; ox < lo; ox++) {
                            addPadded(g, image, dst, ox * sw + shift, columns[src + ox]);
                        }
                        for (int ox = lo, ix = dst + lo * sw + shift; ox < hi; ox++, ix += sw) {
                            image[ix] += columns[src + ox];
                        }
                        for (int ox = hi; ox < gridW; ox++) {
                            addPadded(g, image, dst, ox * sw + shift, columns[src + ox]);
                        }
                    }
                    row += g.gridSize();
                }
            }
        }
    }

    private static void addPadded(ConvGeometry g, float[] image, int rowStart, int ix, float value) {
        int sx = g.mode().sourceIndex(ix, g.imageW());
        if (sx >= 0) {
            image[rowStart + sx] += value;
        }
    }
}
