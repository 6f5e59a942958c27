package dev.convstream.layer;

import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;

import java.util.Objects;

/**
 * A depthwise {@code k x k} {@link Conv2d} ({@code groups == in_channels}, one filter or a
 * channel multiplier's worth per channel) followed by a pointwise {@code 1x1} Conv2d mixing the
 * channels: MobileNet's separable convolution, PyTorch's
 * {@code nn.Sequential(nn.Conv2d(in, in, k, groups=in), nn.Conv2d(in, out, 1))}.
 *
 * <p>Parameters and MACs are the two convolutions' sums; the receptive field is the depthwise
 * one's (the pointwise conv adds span 1, jump 1).
 */
public final class DepthwiseSeparableConv2d implements Layer {
    private final Conv2d depthwise;
    private final Conv2d pointwise;

    /**
     * @param depthwise a Conv2d with {@code groups == in_channels}
     * @param pointwise a 1x1, stride-1, unpadded, ungrouped Conv2d whose input channels are the
     *                  depthwise one's output channels
     */
    public DepthwiseSeparableConv2d(Conv2d depthwise, Conv2d pointwise) {
        this.depthwise = Objects.requireNonNull(depthwise, "depthwise");
        this.pointwise = Objects.requireNonNull(pointwise, "pointwise");
        Conv2dSpec d = depthwise.spec();
        Conv2dSpec p = pointwise.spec();
        if (d.groups() != d.inChannels()) {
            throw new IllegalArgumentException("the depthwise conv needs groups == in_channels, found groups "
                    + d.groups() + " with in_channels " + d.inChannels());
        }
        if (!p.isPointwise() || p.groups() != 1) {
            throw new IllegalArgumentException("the pointwise conv needs a 1x1 kernel, stride 1, no padding and "
                    + "groups 1, found kernel " + p.kernelH() + "x" + p.kernelW() + ", stride " + p.strideH() + "x"
                    + p.strideW() + ", padding " + p.paddingH() + "/" + p.paddingW() + ", groups " + p.groups());
        }
        if (p.inChannels() != d.outChannels()) {
            throw new IllegalArgumentException("the pointwise conv has " + p.inChannels()
                    + " input channels but the depthwise conv gives " + d.outChannels());
        }
    }

    /**
     * The usual block: depthwise {@code in -> in} with a square {@code k x k} kernel, then
     * pointwise {@code in -> out}; {@code bias} applies to both.
     *
     * @param depthwiseWeight {@code [in][1][k][k]}
     * @param depthwiseBias   {@code [in]}, null exactly when {@code !bias}
     * @param pointwiseWeight {@code [out][in][1][1]}
     * @param pointwiseBias   {@code [out]}, null exactly when {@code !bias}
     */
    public static DepthwiseSeparableConv2d of(int in, int out, int k, int stride, int padding, PaddingMode mode,
                                              boolean bias, Tensor depthwiseWeight, Tensor depthwiseBias,
                                              Tensor pointwiseWeight, Tensor pointwiseBias, Kernels kernels) {
        Conv2dSpec d = Conv2dSpec.builder(in, in, k).stride(stride).padding(padding).paddingMode(mode)
                .groups(in).bias(bias).build();
        Conv2dSpec p = Conv2dSpec.builder(in, out, 1).bias(bias).build();
        return new DepthwiseSeparableConv2d(new Conv2d(d, depthwiseWeight, depthwiseBias, kernels),
                new Conv2d(p, pointwiseWeight, pointwiseBias, kernels));
    }

    public Conv2d depthwise() {
        return depthwise;
    }

    public Conv2d pointwise() {
        return pointwise;
    }

    @Override
    public String describe() {
        return "DepthwiseSeparableConv2d[" + depthwise.describe() + " -> " + pointwise.describe() + "]";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return pointwise.outputShape(depthwise.outputShape(inputShape));
    }

    @Override
    public Tensor forward(Tensor input) {
        return pointwise.forward(depthwise.forward(input));
    }

    @Override
    public long parameterCount() {
        return depthwise.parameterCount() + pointwise.parameterCount();
    }

    @Override
    public long macs(int[] inputShape) {
        return depthwise.macs(inputShape) + pointwise.macs(depthwise.outputShape(inputShape));
    }

    @Override
    public ReceptiveField receptiveField() {
        return depthwise.receptiveField().then(pointwise.receptiveField());
    }
}
