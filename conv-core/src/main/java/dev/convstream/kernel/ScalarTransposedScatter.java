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
    public void interleave(int channels, int strideH, int strideW, int imageH, int imageW, float[] planes,
                           int planesOff, int channelStride, int phaseStride, int pitch, float[] image,
                           int imageOff) {
        TransposedScatter.checkInterleave(channels, strideH, strideW, imageH, imageW, planes, planesOff,
                channelStride, phaseStride, pitch, image, imageOff);
        for (int c = 0; c < channels; c++) {
            int from = planesOff + c * channelStride;
            int out = imageOff + c * imageH * imageW;
            for (int oy = 0; oy < imageH; oy++) {
                int row = from + (oy % strideH) * strideW * phaseStride + (oy / strideH) * pitch;
                int to = out + oy * imageW;
                for (int px = 0; px < strideW; px++) {
                    int phase = row + px * phaseStride;
                    for (int ox = px, qx = 0; ox < imageW; ox += strideW, qx++) {
                        image[to + ox] = planes[phase + qx];
                    }
                }
            }
        }
    }
}
