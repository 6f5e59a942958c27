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
        checkRanges(g, channels, image.length, imageOff, columns.length, columnsOff);
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
                        int dst = row + oy * gridW;
                        int iy = oy * g.strideH() + ky * g.dilationH() - g.padTop();
                        int sy = g.mode().sourceIndex(iy, g.imageH());
                        if (sy < 0) {
                            java.util.Arrays.fill(columns, dst, dst + gridW, 0f);
                            continue;
                        }
                        int src = plane + sy * imageW;
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
                    row += g.gridSize();
                }
            }
        }
    }

    private static float padded(ConvGeometry g, float[] image, int rowStart, int ix) {
        int sx = g.mode().sourceIndex(ix, g.imageW());
        return sx < 0 ? 0f : image[rowStart + sx];
    }

    static void checkRanges(ConvGeometry g, int channels, int imageLength, int imageOff,
                            int columnsLength, int columnsOff) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, found " + channels);
        }
        long imageEnd = imageOff + (long) channels * g.imageSize();
        if (imageOff < 0 || imageEnd > imageLength) {
            throw new IllegalArgumentException("image of " + channels + " planes " + g.imageH() + "x"
                    + g.imageW() + " at offset " + imageOff + " needs " + imageEnd
                    + " values, array has " + imageLength);
        }
        long columnsEnd = columnsOff + (long) channels * g.taps() * g.gridSize();
        if (columnsOff < 0 || columnsEnd > columnsLength) {
            throw new IllegalArgumentException("column matrix [" + (channels * g.taps()) + "]["
                    + g.gridSize() + "] at offset " + columnsOff + " needs " + columnsEnd
                    + " values, array has " + columnsLength);
        }
    }
}
