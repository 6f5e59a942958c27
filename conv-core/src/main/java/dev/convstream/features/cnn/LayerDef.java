package dev.convstream.features.cnn;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.layer.AvgPool2d;
import dev.convstream.layer.MaxPool2d;
import dev.convstream.layer.PoolLayer;
import dev.convstream.layer.PoolWindow;
import dev.convstream.spec.Conv2dSpec;

/**
 * One entry of a {@link CnnArchitecture}: what the layer is and, for layers with weights, the
 * name prefix of its tensors in the safetensors file. Axis 0 (H) of every 2D parameter is the
 * time frame, axis 1 (W) the mel band.
 */
public sealed interface LayerDef {

    /** PyTorch {@code Conv2d}; tensors {@code name.weight} {@code [Cout][Cin/g][kh][kw]} and {@code name.bias}. */
    record Conv(String name, Conv2dSpec spec) implements LayerDef {
    }

    /**
     * Depthwise-separable block (conv-core's {@code DepthwiseSeparableConv2d} offline): a
     * depthwise {@code Conv2d} (groups = Cin) then a 1x1 one; tensors {@code name.depthwise.weight/bias} and {@code name.pointwise.weight/bias}.
     */
    record DepthwiseSeparable(String name, Conv2dSpec depthwise, Conv2dSpec pointwise) implements LayerDef {
    }

    /** {@code BatchNorm2d} at inference; tensors {@code name.running_mean/running_var} (+ {@code weight/bias} when affine). */
    record BatchNorm(String name, int channels, double eps, boolean affine) implements LayerDef {
    }

    /** An element-wise activation. */
    record Activation(ActivationFunction function) implements LayerDef {
    }

    /** {@code MaxPool2d} or {@code AvgPool2d}. */
    record Pool(boolean max, PoolWindow height, PoolWindow width, boolean ceilMode, boolean countIncludePad)
            implements LayerDef {

        /** The conv-core pooling layer this entry is, offline and (per frame) streaming alike. */
        public PoolLayer layer() {
            return max ? new MaxPool2d(height, width, ceilMode) : new AvgPool2d(height, width, ceilMode, countIncludePad);
        }
    }

    /** Mean over mel bands and time per channel: the clip embedding {@code [N][C]}. Must be last. */
    record GlobalAvgPool() implements LayerDef {
    }
}
