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
    public void interleave(PhasePlanes layout, int channels, int rowPhase, int phaseRowFrom, int phaseRowTo,
                           float[] planes, int planesOff, float[] image, int imageOff) {
        TransposedScatter.checkInterleave(layout, channels, rowPhase, phaseRowFrom, phaseRowTo, planes, planesOff,
                image, imageOff);
        int sw = layout.strideW();
        int imageW = layout.imageW();
        int imageSize = layout.imageH() * imageW;
        for (int c = 0; c < channels; c++) {
            int phases = planesOff + c * layout.channelStride() + rowPhase * sw * layout.phaseStride();
            for (int qy = phaseRowFrom; qy < phaseRowTo; qy++) {
                int row = phases + qy * layout.pitch();
                int to = imageOff + c * imageSize + (layout.strideH() * qy + rowPhase) * imageW;
                for (int px = 0; px < sw; px++) {
                    int phase = row + px * layout.phaseStride();
                    for (int ox = px, qx = 0; ox < imageW; ox += sw, qx++) {
                        image[to + ox] = planes[phase + qx];
                    }
                }
            }
        }
    }
}
