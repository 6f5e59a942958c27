package dev.convstream.layer;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.activation.Gate;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * WaveNet's gate: {@code tanh(a) * sigmoid(b)}, where {@code a} is the first half of the
 * channels and {@code b} the second ({@code torch.tanh(x[:, :C/2]) * torch.sigmoid(x[:, C/2:])}).
 * Input {@code [N][C]...} with C even, any rank >= 2; output {@code [N][C/2]...}.
 *
 * The math is the activation library's {@link Gate}, shared with NAM's gated WaveNet.
 *
 * <p>No parameters, 0 MACs, receptive field as for {@link Activation}.
 */
public final class GatedActivation extends ElementwiseLayer {
    private static final ActivationFunction TANH = ActivationFunction.tanh();
    private final Kernels kernels;

    public GatedActivation(Kernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    public GatedActivation() {
        this(Kernels.preferred());
    }

    @Override
    public String describe() {
        return "GatedActivation(tanh*sigmoid)";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        LayerChecks.atLeastRank(describe(), inputShape, 2);
        if (inputShape[1] % 2 != 0) {
            throw new IllegalArgumentException(describe() + " needs an even channel count (tanh half, "
                    + "sigmoid half), found " + inputShape[1] + " in shape " + Arrays.toString(inputShape));
        }
        int[] out = inputShape.clone();
        out[1] = inputShape[1] / 2;
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] outShape = outputShape(input.shape());
        Tensor out = Tensor.zeros(outShape);
        int half = outShape[1] * LayerChecks.product(outShape, 2);
        float[] in = input.data();
        float[] o = out.data();
        float[] gate = new float[half];
        for (int n = 0; n < outShape[0]; n++) {
            int src = n * 2 * half;
            int dst = n * half;
            System.arraycopy(in, src, o, dst, half);
            System.arraycopy(in, src + half, gate, 0, half);
            Gate.apply(TANH, o, dst, gate, 0, half, kernels.math());
        }
        return out;
    }
}
