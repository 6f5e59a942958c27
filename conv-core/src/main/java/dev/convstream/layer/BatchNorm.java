package dev.convstream.layer;

import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.tensor.Tensor;

import java.util.Arrays;

/**
 * Batch normalisation at inference (PyTorch's {@code BatchNorm1d}/{@code BatchNorm2d} in
 * {@code eval()} mode): {@code y = (x - running_mean) / sqrt(running_var + eps) * weight + bias}
 * per channel, over {@code [N][C]}, {@code [N][C][L]} or {@code [N][C][H][W]}.
 *
 * <p>The statistics are folded at construction, in double, into one {@code scale} and
 * {@code shift} per channel, so forward is {@code y = x * scale + shift} (PyTorch's CPU kernel
 * folds the same way, in float).
 *
 * <p>Costs: {@link #parameterCount()} counts what PyTorch's {@code state_dict} holds apart from
 * {@code num_batches_tracked}: {@code 4C} with affine (weight, bias, running mean and
 * variance), {@code 2C} without. MACs: one per element, {@code N * C * spatial size}.
 * Receptive field: per position, as for {@link Activation}.
 */
public final class BatchNorm implements Layer {
    public static final double DEFAULT_EPS = 1e-5;

    private final int channels;
    private final boolean affine;
    private final double eps;
    private final float[] scale;
    private final float[] shift;

    /**
     * @param runningMean {@code [C]}
     * @param runningVar  {@code [C]}, every value >= 0
     * @param weight      {@code [C]} (gamma), or null when not affine
     * @param bias        {@code [C]} (beta), null exactly when {@code weight} is
     * @param eps         added to the variance, >= 0 (PyTorch's default is 1e-5)
     */
    public BatchNorm(Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double eps) {
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("BatchNorm needs running_mean and running_var, found "
                    + (runningMean == null ? "running_mean null" : "running_var null"));
        }
        if ((weight == null) != (bias == null)) {
            throw new IllegalArgumentException("BatchNorm weight and bias must both be given (affine) or "
                    + "both be null, found " + (weight == null ? "bias only" : "weight only"));
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("BatchNorm eps must be finite and >= 0, found " + eps);
        }
        if (runningMean.rank() != 1 || runningMean.dim(0) < 1) {
            throw new IllegalArgumentException("BatchNorm running_mean must have shape [C], found "
                    + Arrays.toString(runningMean.shape()));
        }
        channels = runningMean.dim(0);
        runningVar.requireShape("BatchNorm running_var", channels);
        affine = weight != null;
        if (affine) {
            weight.requireShape("BatchNorm weight", channels);
            bias.requireShape("BatchNorm bias", channels);
        }
        this.eps = eps;
        scale = new float[channels];
        shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double var = runningVar.data()[c];
            if (!(var >= 0)) {
                throw new IllegalArgumentException("BatchNorm running_var[" + c + "] must be >= 0, found " + var);
            }
            if (var + eps == 0) {
                throw new IllegalArgumentException("BatchNorm running_var[" + c + "] + eps is 0: "
                        + "the channel would divide by zero");
            }
            double g = affine ? weight.data()[c] : 1.0;
            double b = affine ? bias.data()[c] : 0.0;
            double s = g / Math.sqrt(var + eps);
            scale[c] = (float) s;
            shift[c] = (float) (b - runningMean.data()[c] * s);
        }
    }

    /** With PyTorch's default eps, 1e-5. */
    public BatchNorm(Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias) {
        this(runningMean, runningVar, weight, bias, DEFAULT_EPS);
    }

    public int channels() {
        return channels;
    }

    public boolean affine() {
        return affine;
    }

    /** The folded per-channel multiplier, a copy. */
    public float[] scale() {
        return scale.clone();
    }

    /** The folded per-channel offset, a copy. */
    public float[] shift() {
        return shift.clone();
    }

    @Override
    public String describe() {
        return "BatchNorm(" + channels + ", eps=" + eps + (affine ? "" : ", affine=False") + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        LayerChecks.rank(describe(), inputShape, 2, 3, 4);
        LayerChecks.channels(describe(), inputShape, channels);
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] shape = outputShape(input.shape());
        int plane = LayerChecks.product(shape, 2);
        Tensor out = Tensor.zeros(shape);
        float[] x = input.data();
        float[] y = out.data();
        for (int n = 0; n < shape[0]; n++) {
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * plane;
                float s = scale[c];
                float t = shift[c];
                for (int i = base; i < base + plane; i++) {
                    y[i] = x[i] * s + t;
                }
            }
        }
        return out;
    }

    @Override
    public long parameterCount() {
        return (affine ? 4L : 2L) * channels;
    }

    @Override
    public long macs(int[] inputShape) {
        int[] shape = outputShape(inputShape);
        return (long) shape[0] * channels * LayerChecks.product(shape, 2);
    }

    /** The 0-axis identity: see {@link Activation}. */
    @Override
    public ReceptiveField receptiveField() {
        return ReceptiveField.identity(0);
    }

    @Override
    public LayerReport report(int[] inputShape) {
        return new LayerReport(describe(), inputShape, outputShape(inputShape), parameterCount(),
                macs(inputShape), ReceptiveField.identity(inputShape.length - 2));
    }
}
