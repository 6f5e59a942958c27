package dev.convstream.kernel;

import java.util.Arrays;

/** {@link TransposedScatter} in plain Java: bias fill, then the scalar {@link Col2im}. */
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
}
