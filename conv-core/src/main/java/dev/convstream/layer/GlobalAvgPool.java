package dev.convstream.layer;

import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

import java.util.Arrays;

/**
 * The mean over every spatial position of each channel: {@code [N][C][L]} or
 * {@code [N][C][H][W]} to {@code [N][C]} (what a feature extractor hands on; PyTorch's
 * {@code AdaptiveAvgPool2d(1)} gives {@code [N][C][1][1]}, which {@code flatten(1)} turns into
 * this). Sums run in double.
 *
 * <p>No parameters, 0 MACs (see {@link PoolLayer}). Receptive field: the whole input, so it
 * depends on the input size; {@link #report} gives it as a window the size of the input
 * (jump = that size), which {@link dev.convstream.report.StackReport} composes like any
 * other. {@link #receptiveField()} has no input size and throws.
 */
public final class GlobalAvgPool extends ParameterFreeLayer {

    @Override
    public String describe() {
        return "GlobalAvgPool";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        LayerChecks.rank(describe(), inputShape, 3, 4);
        return new int[] {inputShape[0], inputShape[1]};
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] outShape = outputShape(input.shape());
        int plane = LayerChecks.product(input.shape(), 2);
        Tensor out = Tensor.zeros(outShape);
        poolPlanes(input.data(), 0, out.data(), 0, out.size(), plane);
        return out;
    }

    /**
     * The mean of each of {@code planes} planes of {@code plane} values from {@code in[inOff..]}
     * into {@code out[outOff + p]}, summed in double. Does not allocate: the streaming CNN takes
     * its per-frame mean over mel through this.
     */
    public void poolPlanes(float[] in, int inOff, float[] out, int outOff, int planes, int plane) {
        for (int p = 0; p < planes; p++) {
            double sum = 0;
            int start = inOff + p * plane;
            for (int i = start; i < start + plane; i++) {
                sum += in[i];
            }
            out[outOff + p] = (float) (sum / plane);
        }
    }


    /**
     * Always throws: the field is the whole input, whose size only {@link #report} knows.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public ReceptiveField receptiveField() {
        throw new UnsupportedOperationException("GlobalAvgPool's receptive field is its whole input: "
                + "use report(inputShape) or receptiveField(inputShape)");
    }

    /** The whole input: size = jump = the input's extent on each spatial axis. */
    public ReceptiveField receptiveField(int[] inputShape) {
        outputShape(inputShape);
        int[] extent = Arrays.copyOfRange(inputShape, 2, inputShape.length);
        return new ReceptiveField(extent, extent);
    }

    @Override
    public LayerReport report(int[] inputShape) {
        return new LayerReport(describe(), inputShape, outputShape(inputShape), 0, 0, receptiveField(inputShape));
    }
}
