package dev.convstream.kernel;

import dev.convstream.check.Require;
import dev.convstream.spec.PaddingMode;
import java.util.Arrays;

/**
 * Copies a window of padded image planes: for each channel, the {@code bandH x bandW} block of
 * the (conceptually infinite) padded plane whose top-left corner is image coordinate
 * {@code (-top, -left)}; coordinates outside the image read where {@link PaddingMode#sourceIndex}
 * sends them, or zero. The same values as {@link Im2col#fill} with a 1x1 kernel, without a
 * geometry object, and with zero padding done as bulk fills. Stateless; never allocates.
 */
public final class PaddedPlanes {
    private PaddedPlanes() {
    }

    /**
     * Writes {@code channels} blocks of {@code bandH x bandW} to {@code dst} from {@code dstOff},
     * read from planes {@code [channels][h][w]} at {@code image[imageOff]}.
     */
    public static void copy(int channels, float[] image, int imageOff, int h, int w, int top, int left,
                            int bandH, int bandW, PaddingMode mode, float[] dst, int dstOff) {
        Require.atLeastOne("channels", channels);
        Require.atLeastOne("image height", h);
        Require.atLeastOne("image width", w);
        Require.atLeastOne("band height", bandH);
        Require.atLeastOne("band width", bandW);
        if (imageOff < 0 || imageOff + (long) channels * h * w > image.length) {
            throw new IllegalArgumentException(channels + " planes of " + h + "x" + w + " at offset " + imageOff
                    + " do not fit an image array of " + image.length);
        }
        if (dstOff < 0 || dstOff + (long) channels * bandH * bandW > dst.length) {
            throw new IllegalArgumentException(channels + " bands of " + bandH + "x" + bandW + " at offset " + dstOff
                    + " do not fit a destination of " + dst.length);
        }
        boolean zeros = mode == PaddingMode.ZEROS;
        // Band columns [lo, hi) are inside the image; the rest is padding.
        int lo = Math.min(bandW, Math.max(0, left));
        int hi = Math.max(lo, Math.min(bandW, left + w));
        for (int c = 0; c < channels; c++) {
            int plane = imageOff + c * h * w;
            for (int r = 0; r < bandH; r++) {
                int to = dstOff + (c * bandH + r) * bandW;
                int sy = mode.sourceIndex(r - top, h);
                if (sy < 0) {
                    Arrays.fill(dst, to, to + bandW, 0f);
                    continue;
                }
                int row = plane + sy * w;
                if (zeros) {
                    Arrays.fill(dst, to, to + lo, 0f);
                    Arrays.fill(dst, to + hi, to + bandW, 0f);
                } else {
                    for (int j = 0; j < lo; j++) {
                        dst[to + j] = padded(mode, image, row, j - left, w);
                    }
                    for (int j = hi; j < bandW; j++) {
                        dst[to + j] = padded(mode, image, row, j - left, w);
                    }
                }
                if (hi > lo) {
                    System.arraycopy(image, row + lo - left, dst, to + lo, hi - lo);
                }
            }
        }
    }

    private static float padded(PaddingMode mode, float[] image, int row, int x, int w) {
        int sx = mode.sourceIndex(x, w);
        return sx < 0 ? 0f : image[row + sx];
    }
}
