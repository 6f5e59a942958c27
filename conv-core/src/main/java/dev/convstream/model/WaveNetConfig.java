package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A NAM WaveNet: its layer arrays, chained as NAM chains them, an optional post-stack head and an
 * optional condition DSP. {@code headScale} is the config's value; the flat weights end with the
 * one actually used (see {@link WaveNet}).
 *
 * @param inChannels   channels of the model's input ({@code config.in_channels}, 1 for audio)
 * @param head         the post-stack head, or null
 * @param conditionDsp the nested model computing the condition from the input, or null (then
 *                     the condition is the input itself)
 */
public record WaveNetConfig(int inChannels, List<LayerArrayConfig> layerArrays, PostStackHead head, float headScale,
                            ConditionDsp conditionDsp) implements ChannelModelConfig {

    /**
     * A condition DSP: a complete nested model of any architecture NAM core nests there (WaveNet,
     * LSTM, ConvNet, Linear) with its own weights (not in the parent's list).
     */
    public record ConditionDsp(ChannelModelConfig model, float[] weights) {
        public ConditionDsp {
            Objects.requireNonNull(model, "condition_dsp config");
            if (weights == null || weights.length != model.weightCount()) {
                throw new IllegalArgumentException("condition_dsp: expected " + model.weightCount() + " weights, found "
                        + (weights == null ? 0 : weights.length));
            }
            weights = weights.clone();
        }

        /** The nested WaveNet's config, or null when the condition DSP is another architecture. */
        public WaveNetConfig config() {
            return model instanceof WaveNetConfig w ? w : null;
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ConditionDsp d && model.equals(d.model) && Arrays.equals(weights, d.weights);
        }

        @Override
        public int hashCode() {
            return 31 * model.hashCode() + Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "ConditionDsp(" + model + ", " + weights.length + " weights)";
        }
    }

    public WaveNetConfig {
        if (inChannels < 1) {
            throw new IllegalArgumentException("in_channels must be >= 1, found " + inChannels);
        }
        if (layerArrays == null || layerArrays.isEmpty()) {
            throw new IllegalArgumentException("a WaveNet needs at least one layer array");
        }
        layerArrays = List.copyOf(layerArrays);
        LayerArrayConfig first = layerArrays.get(0);
        if (first.inputSize() != inChannels) {
            throw new IllegalArgumentException("layer array 0: input_size must be the model's in_channels ("
                    + inChannels + "), found " + first.inputSize());
        }
        int conditionRows = conditionDsp == null ? inChannels : conditionDsp.model().outChannels();
        if (conditionDsp != null && conditionDsp.model().inChannels() != inChannels) {
            throw new IllegalArgumentException("condition_dsp: its in_channels (" + conditionDsp.model().inChannels()
                    + ") must be the model's (" + inChannels + ")");
        }
        for (int i = 0; i < layerArrays.size(); i++) {
            LayerArrayConfig a = layerArrays.get(i);
            if (a.conditionSize() != conditionRows) {
                throw new IllegalArgumentException("layer array " + i + ": condition_size must be " + conditionRows
                        + (conditionDsp == null ? " (the condition is the input)" : " (the condition DSP's outputs)")
                        + ", found " + a.conditionSize());
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
                if (prev.headSize() != a.headInputs()) {
                    throw new IllegalArgumentException("layer array " + (i - 1) + ": head_size must equal the head"
                            + " sum rows of array " + i + " (" + a.headInputs() + "), found " + prev.headSize());
                }
            }
        }
        long receptiveField = 1;
        long layers = 0;
        long weights = 1;
        for (LayerArrayConfig a : layerArrays) {
            receptiveField += a.history();
            layers += a.layerCount();
            weights += a.weightCount();
        }
        ModelLimits.receptiveField(receptiveField);
        ModelLimits.cost(layers, weights);
    }

    /** An A1 WaveNet (file versions 0.5.x): mono in, no post-stack head, no condition DSP. */
    public WaveNetConfig(List<LayerArrayConfig> layerArrays, float headScale) {
        this(1, layerArrays, null, headScale, null);
    }

    /** NAM's "A1 standard" architecture, used by most published captures. */
    public static WaveNetConfig a1Standard() {
        int[] dilations = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        return new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 8, 16, 3, dilations, ActivationFunction.tanh(), false, false),
                new LayerArrayConfig(16, 1, 1, 8, 3, dilations, ActivationFunction.tanh(), false, true)), 0.02f);
    }

    /** Channels of the model's output: the post-stack head's, else the last array's head size. */
    public int outChannels() {
        return head != null ? head.outChannels() : lastArray().headSize();
    }

    private LayerArrayConfig lastArray() {
        return layerArrays.get(layerArrays.size() - 1);
    }

    /** Length of the flat weight list: every array, the post-stack head, then the head scale. */
    public long weightCount() {
        long n = 1;
        for (LayerArrayConfig a : layerArrays) {
            n += a.weightCount();
        }
        return n + (head == null ? 0 : head.weightCount(lastArray().headSize()));
    }

    /** Multiply-adds per sample, the condition DSP's included. */
    public long macsPerSample() {
        long n = conditionDsp == null ? 0 : conditionDsp.model().macsPerSample();
        for (LayerArrayConfig a : layerArrays) {
            n += a.macsPerSample();
        }
        return n + (head == null ? 0 : head.macsPerSample(lastArray().headSize()));
    }

    /**
     * Input samples one output sample depends on: {@code 1 + } every conv's history (layers,
     * array heads, post-stack head), plus the condition DSP's prewarm minus one: NAM core's prewarm
     * length. With an LSTM condition DSP the output depends on all of the past; this is then the
     * prewarm (the LSTM's half second plus the stack's histories), not a receptive field.
     */
    public int receptiveField() {
        int rf = conditionDsp == null ? 1 : conditionDsp.model().prewarmSamples();
        for (LayerArrayConfig a : layerArrays) {
            rf += a.history();
        }
        return rf + (head == null ? 0 : head.history());
    }

    /** This config with every activation (the condition DSP's and the head's included) mapped through {@code f}. */
    public WaveNetConfig mapActivations(UnaryOperator<ActivationFunction> f) {
        List<LayerArrayConfig> arrays = new ArrayList<>();
        for (LayerArrayConfig a : layerArrays) {
            arrays.add(a.mapActivations(f));
        }
        PostStackHead h = head == null ? null
                : new PostStackHead(head.channels(), head.outChannels(), head.kernelSizes(), f.apply(head.activation()));
        ConditionDsp c = conditionDsp == null ? null
                : new ConditionDsp(conditionDsp.model().withActivations(f), conditionDsp.weights);
        return new WaveNetConfig(inChannels, arrays, h, headScale, c);
    }

    @Override
    public int prewarmSamples() {
        return receptiveField();
    }

    @Override
    public WaveNetConfig withActivations(UnaryOperator<ActivationFunction> f) {
        return mapActivations(f);
    }
}
