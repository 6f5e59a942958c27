package dev.convstream.kernel;

import java.util.Arrays;

/**
 * {@link TransposedScatter} in plain Java: bias fill, then the scalar {@link Col2im}; the
 * phase interleave as plain strided copies.
 */
final class ScalarTransposedScatter implements TransposedScatter {

    @Override
    public void scatter(PhasePlan plan, int channels, float[] columns, int columnsOff, float[] bias, int biasOff,
                        float[] image, int imageOff, float[] work, int workOff) {
        TransposedScatter.check(plan, channels, columns, columnsOff, bias, biasOff, image, imageOff, work, workOff);
        int size = plan.geometry().imageSize();
        for (int c = 0; c < channels; c++) {
            Arrays.fill(image, imageOff + c * size, imageOff + (c + 1) * size, bias == null ? 0f : bias[biasOff + c]);
        }
        Col2im.accumulate(plan.geometry(), channels, columns, columnsOff, image, imageOff);
    }

    @Override
    public void interleaveRow(int strideW, int imageW, float[] planes, int row, int phaseStride, float[] image,
                              int to) {
        for (int px = 0; px < strideW; px++) {
            int phase = row + px * phaseStride;
            for (int ox = px, qx = 0; ox < imageW; ox += strideW, qx++) {
                image[to + ox] = planes[phase + qx];
            }
        }
    }
}
