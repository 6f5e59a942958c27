package dev.convstream.kernel;

import dev.convstream.spec.PaddingMode;

/**
 * Lowers a convolution to a matrix product: copies every window of a multi-channel image into
 * the column matrix {@code [channels*kernelH*kernelW][gridH*gridW]} (row {@code (c, ky, kx)},
 * column {@code (oy, ox)}), so that {@code weight[Cout][channels*kh*kw] · columns} is the
 * convolution. Padding is applied on the fly through the geometry's padding mode, so no padded
 * copy of the image is ever made. A 1D convolution is the case {@code imageH = kernelH = 1}.
 *
 * <p>Stateless; never allocates. Interior runs are bulk copies; only the few columns whose tap
 * falls in the padding go through {@link dev.convstream.spec.PaddingMode#sourceIndex}.
 */
public final class Im2col {
    private Im2col() {
    }

    /**
     * Writes the column matrix of {@code channels} planes, stored contiguously as
     * {@code [channels][imageH][imageW]} from {@code image[imageOff]}, to {@code columns} from
     * {@code columnsOff} (every value is written, so the target need not be cleared).
     */
    public static void fill(ConvGeometry g, int channels, float[] image, int imageOff,
                            float[] columns, int columnsOff) {
        ColumnRows.forEach(g, channels, image, imageOff, columns, columnsOff, Im2col::fillRow);
    }

    private static void fillRow(ConvGeometry g, float[] image, int src, float[] columns, int dst,
                                int shift, int lo, int hi) {
        int gridW = g.gridW();
        if (src < 0) {
            java.util.Arrays.fill(columns, dst, dst + gridW, 0f);
            return;
        }
        int sw = g.strideW();
        boolean zeros = g.mode() == PaddingMode.ZEROS;
        if (zeros) {
            java.util.Arrays.fill(columns, dst, dst + lo, 0f);
        } else {
            for (int ox = 0; ox < lo; ox++) {
                columns[dst + ox] = padded(g, image, src, ox * sw + shift);
            }
        }
        if (sw == 1) {
            // hi > lo guard: arraycopy rejects a negative start even for length 0
            if (hi > lo) {
                System.arraycopy(image, src + lo + shift, columns, dst + lo, hi - lo);
            }
        } else {
            for (int ox = lo, ix = src + lo * sw + shift; ox < hi; ox++, ix += sw) {
                columns[dst + ox] = image[ix];
            }
        }
        if (zeros) {
            java.util.Arrays.fill(columns, dst + hi, dst + gridW, 0f);
        } else {
            for (int ox = hi; ox < gridW; ox++) {
                columns[dst + ox] = padded(g, image, src, ox * sw + shift);
            }
        }
    }

    private static float padded(ConvGeometry g, float[] image, int rowStart, int ix) {
        int sx = g.mode().sourceIndex(ix, g.imageW());
        return sx < 0 ? 0f : image[rowStart + sx];
    }
}
