package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;

import java.util.List;

/**
 * A NAM A1 WaveNet: its layer arrays, chained as NAM chains them. {@code headScale} is the
 * config's value; the flat weights end with the one actually used (see {@link WaveNet}).
 */
public record WaveNetConfig(List<LayerArrayConfig> layerArrays, float headScale) {
    /**
     * Largest receptive field accepted, in samples (about 22 s at 48 kHz; NAM's "A1 standard"
     * has 8,188): beyond it the history buffers alone take gigabytes, and past 2^31 the sample
     * counts overflow.
     */
    public static final int MAX_RECEPTIVE_FIELD = 1 << 20;

    public WaveNetConfig {
        if (layerArrays == null || layerArrays.isEmpty()) {
            throw new IllegalArgumentException("a WaveNet needs at least one layer array");
        }
        layerArrays = List.copyOf(layerArrays);
        LayerArrayConfig first = layerArrays.get(0);
        if (first.inputSize() != 1) {
            throw new IllegalArgumentException("layer array 0: input_size must be 1 (mono audio), found "
                    + first.inputSize());
        }
        for (int i = 0; i < layerArrays.size(); i++) {
            LayerArrayConfig a = layerArrays.get(i);
            if (a.conditionSize() != 1) {
                throw new IllegalArgumentException("layer array " + i + ": condition_size must be 1 (the condition is"
                        + " the mono input), found " + a.conditionSize());
            }
            if (i > 0) {
                LayerArrayConfig prev = layerArrays.get(i - 1);
                if (a.inputSize() != prev.channels()) {
                    throw new IllegalArgumentException("layer array " + i + ": input_size must equal the channels of"
                            + " array " + (i - 1) + " (" + prev.channels() + "), found " + a.inputSize());
                }
                if (prev.headSize() != a.channels()) {
                    throw new IllegalArgumentException("layer array " + (i - 1) + ": head_size must equal the channels"
                            + " of array " + i + " (" + a.channels() + "), found " + prev.headSize());
                }
            }
        }
        long receptiveField = 1;
        for (LayerArrayConfig a : layerArrays) {
            receptiveField += a.history();
        }
        if (receptiveField > MAX_RECEPTIVE_FIELD) {
            throw new IllegalArgumentException("receptive field of " + receptiveField + " samples is more than the "
                    + MAX_RECEPTIVE_FIELD + " a WaveNet may have");
        }
        LayerArrayConfig last = layerArrays.get(layerArrays.size() - 1);
        if (last.headSize() != 1) {
            throw new IllegalArgumentException("the last layer array's head_size must be 1 (mono output), found "
                    + last.headSize());
        }
    }

    /** NAM's "A1 standard" architecture, used by most published captures. */
    public static WaveNetConfig a1Standard() {
        int[] dilations = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        return new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 8, 16, 3, dilations, ActivationFunction.tanh(), false, false),
                new LayerArrayConfig(16, 1, 1, 8, 3, dilations, ActivationFunction.tanh(), false, true)), 0.02f);
    }

    /** Length of the flat weight list: every array, then the head scale. */
    public long weightCount() {
        long n = 1;
        for (LayerArrayConfig a : layerArrays) {
            n += a.weightCount();
        }
        return n;
    }

    /** {@code 1 + sum over all layers of (kernel_size-1)*dilation}. */
    public int receptiveField() {
        int rf = 1;
        for (LayerArrayConfig a : layerArrays) {
            rf += a.history();
        }
        return rf;
    }
}
