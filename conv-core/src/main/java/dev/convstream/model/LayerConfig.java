package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

/**
 * One residual layer of a WaveNet layer array: its dilated conv's kernel size and dilation, its
 * activation, and how it gates ({@code secondary} is the gate's activation, null when
 * {@code gating} is {@link GatingMode#NONE}).
 */
public record LayerConfig(int kernelSize, int dilation, ActivationFunction activation, GatingMode gating,
                          ActivationFunction secondary) {
    public LayerConfig {
        Require.atLeastOne("kernel_size", kernelSize);
        Require.atLeastOne("dilation", dilation);
        Require.notNull("activation", activation);
        Require.notNull("gating_mode", gating);
        if ((gating == GatingMode.NONE) != (secondary == null)) {
            throw new IllegalArgumentException(gating == GatingMode.NONE
                    ? "a layer without gating has no secondary activation"
                    : "a " + gating.namName() + " layer needs a secondary activation");
        }
    }

    /** An A1 layer: not gated, or gated by Sigmoid. */
    public static LayerConfig a1(int kernelSize, int dilation, ActivationFunction activation, boolean gated) {
        return new LayerConfig(kernelSize, dilation, activation, gated ? GatingMode.GATED : GatingMode.NONE,
                gated ? ActivationFunction.sigmoid() : null);
    }

    /** {@code (kernel_size - 1) * dilation}: the frames of history its conv reads. */
    public int history() {
        return (kernelSize - 1) * dilation;
    }
}
