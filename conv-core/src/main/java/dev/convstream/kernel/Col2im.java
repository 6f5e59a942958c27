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
        ColumnRows.forEach(g, channels, image, imageOff, columns, columnsOff, Col2im::accumulateRow);
    }

    private static void accumulateRow(ConvGeometry g, float[] image, int dst, float[] columns, int src,
                                      int shift, int lo, int hi) {
        if (dst < 0) {
            return;
        }
        int gridW = g.gridW();
        int sw = g.strideW();
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

    private static void addPadded(ConvGeometry g, float[] image, int rowStart, int ix, float value) {
        int sx = g.mode().sourceIndex(ix, g.imageW());
        if (sx >= 0) {
            image[rowStart + sx] += value;
        }
    }
}
