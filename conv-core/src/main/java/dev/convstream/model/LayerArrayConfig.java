package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One layer array of a NAM WaveNet (file versions 0.5 to 0.7): a rechannel 1x1, then
 * {@code layers.size()} residual layers of {@code channels} channels around a
 * {@code bottleneck}-wide activation, then the array's head conv; see {@link WaveNet} for the
 * equations and {@code docs/nam-modern.md} for the weight order.
 *
 * @param layer1x1          the residual 1x1 (bottleneck to channels), or null when inactive
 *                          (then the residual is the identity and bottleneck must equal channels)
 * @param head1x1           the per-layer head 1x1 (bottleneck to its out_channels), or null when
 *                          inactive (the activation itself goes to the head sum)
 * @param groupsInput       groups of every dilated conv
 * @param groupsInputMixin  groups of every input mixin
 * @param films             the active FiLMs by site (the same in every layer)
 * @param head              the array's head conv, from the head sum to its output
 * @param slimmableChannels the channel counts a slimmable array allows (empty when not
 *                          slimmable); informative only, the array runs at full size
 */
public record LayerArrayConfig(int inputSize, int conditionSize, int channels, int bottleneck, List<LayerConfig> layers,
                               Layer1x1 layer1x1, Head1x1 head1x1, int groupsInput, int groupsInputMixin,
                               Map<FilmSite, FilmConfig> films, ArrayHead head, List<Integer> slimmableChannels) {

    /** An active residual 1x1 with {@code groups} groups. */
    public record Layer1x1(int groups) {
        public Layer1x1 {
            Require.atLeastOne("layer1x1 groups", groups);
        }
    }

    /** An active head 1x1 with {@code outChannels} outputs and {@code groups} groups. */
    public record Head1x1(int outChannels, int groups) {
        public Head1x1 {
            Require.atLeastOne("head1x1 out_channels", outChannels);
            Require.atLeastOne("head1x1 groups", groups);
        }
    }

    /** The array's head: a causal conv, head sum to {@code outChannels}, kernel, dilation, optional bias. */
    public record ArrayHead(int outChannels, int kernelSize, boolean bias, int dilation) {
        public ArrayHead {
            Require.atLeastOne("head out_channels", outChannels);
            Require.atLeastOne("head kernel_size", kernelSize);
            Require.atLeastOne("head_dilation", dilation);
        }

        /** {@code (kernel_size - 1) * dilation}. */
        public int history() {
            return (kernelSize - 1) * dilation;
        }
    }

    public LayerArrayConfig {
        Require.atLeastOne("input_size", inputSize);
        Require.atLeastOne("condition_size", conditionSize);
        Require.atLeastOne("channels", channels);
        Require.atLeastOne("bottleneck", bottleneck);
        Require.atLeastOne("groups_input", groupsInput);
        Require.atLeastOne("groups_input_mixin", groupsInputMixin);
        Require.notNull("head", head);
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("dilations must list at least one layer");
        }
        layers = List.copyOf(layers);
        // Summed in long, so that a dilation of 2^30 is refused by its numbers instead of wrapping.
        long history = (long) (head.kernelSize() - 1) * head.dilation();
        for (LayerConfig l : layers) {
            history += (long) (l.kernelSize() - 1) * l.dilation();
        }
        ModelLimits.receptiveField(1 + history);
        films = films.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(films));
        slimmableChannels = List.copyOf(slimmableChannels);
        if (layer1x1 == null && bottleneck != channels) {
            throw new IllegalArgumentException("layer1x1 inactive needs bottleneck == channels, found bottleneck "
                    + bottleneck + " and channels " + channels);
        }
        if (layer1x1 != null) {
            divides("layer1x1.groups", layer1x1.groups(), "bottleneck", bottleneck);
            divides("layer1x1.groups", layer1x1.groups(), "channels", channels);
        }
        if (head1x1 != null) {
            divides("head1x1.groups", head1x1.groups(), "bottleneck", bottleneck);
            divides("head1x1.groups", head1x1.groups(), "head1x1.out_channels", head1x1.outChannels());
        }
        if (films.containsKey(FilmSite.LAYER1X1_POST) && layer1x1 == null) {
            throw new IllegalArgumentException("layer1x1_post_film is active but layer1x1 is not");
        }
        if (films.containsKey(FilmSite.HEAD1X1_POST) && head1x1 == null) {
            throw new IllegalArgumentException("head1x1_post_film is active but head1x1 is not");
        }
        divides("groups_input", groupsInput, "channels", channels);
        divides("groups_input_mixin", groupsInputMixin, "condition_size", conditionSize);
        for (int l = 0; l < layers.size(); l++) {
            LayerConfig layer = layers.get(l);
            int gb = layer.gating().factor() * bottleneck;
            String at = "layer " + l + ": ";
            divides(at + "groups_input", groupsInput, "its conv's " + gb + " outputs", gb);
            divides(at + "groups_input_mixin", groupsInputMixin, "its mixin's " + gb + " outputs", gb);
            channelSlopes(at + "activation", layer.activation(), bottleneck);
            if (layer.secondary() != null) {
                channelSlopes(at + "secondary_activation", layer.secondary(), bottleneck);
            }
            for (Map.Entry<FilmSite, FilmConfig> f : films.entrySet()) {
                int rows = f.getKey().rows(this, layer.gating());
                divides(at + f.getKey().key() + ".groups", f.getValue().groups(), "condition_size", conditionSize);
                divides(at + f.getKey().key() + ".groups", f.getValue().groups(), "its " + f.getValue().outputs(rows)
                        + " outputs", f.getValue().outputs(rows));
            }
        }
    }

    /**
     * NAM's A1 layer array (file versions 0.5.x): every layer of kernel {@code kernelSize} with
     * {@code activation}, gated by Sigmoid or not; bottleneck = channels; an active ungrouped
     * layer 1x1; no head 1x1, FiLM or groups; a 1x1 head of {@code headSize} outputs.
     */
    public LayerArrayConfig(int inputSize, int conditionSize, int headSize, int channels, int kernelSize,
                            int[] dilations, ActivationFunction activation, boolean gated, boolean headBias) {
        this(inputSize, conditionSize, channels, channels, a1Layers(kernelSize, dilations, activation, gated),
                new Layer1x1(1), null, 1, 1, Map.of(), new ArrayHead(headSize, 1, headBias, 1), List.of());
    }

    private static List<LayerConfig> a1Layers(int kernelSize, int[] dilations, ActivationFunction activation,
                                              boolean gated) {
        if (dilations == null || dilations.length == 0) {
            throw new IllegalArgumentException("dilations must list at least one layer");
        }
        List<LayerConfig> layers = new ArrayList<>();
        for (int d : dilations) {
            layers.add(LayerConfig.a1(kernelSize, d, activation, gated));
        }
        return layers;
    }

    private static void divides(String groupsName, int groups, String sizeName, int size) {
        if (size % groups != 0) {
            throw new IllegalArgumentException(groupsName + " = " + groups + " must divide " + sizeName + " ("
                    + size + ")");
        }
    }

    private static void channelSlopes(String name, ActivationFunction f, int rows) {
        if (f instanceof ActivationFunction.PReLU p && p.channels() != 1 && p.channels() != rows) {
            throw new IllegalArgumentException(name + ": PReLU has " + p.channels() + " negative_slopes but is"
                    + " applied to " + rows + " channels (the bottleneck)");
        }
    }

    /** The head's output channels (NAM's {@code head_size}). */
    public int headSize() {
        return head.outChannels();
    }

    public boolean headBias() {
        return head.bias();
    }

    /** Rows of the head sum, the head conv's input: head1x1's outputs if active, else the bottleneck. */
    public int headInputs() {
        return head1x1 == null ? bottleneck : head1x1.outChannels();
    }

    /** The layers' dilations, in order. */
    public int[] dilations() {
        return layers.stream().mapToInt(LayerConfig::dilation).toArray();
    }

    public int layerCount() {
        return layers.size();
    }

    /** Floats this array takes from the flat weight list, in NAM's order. */
    public long weightCount() {
        long n = (long) inputSize * channels;                                          // rechannel
        for (LayerConfig l : layers) {
            long gb = (long) l.gating().factor() * bottleneck;
            n += gb * (channels / groupsInput) * l.kernelSize() + gb;                  // dilated conv W, b
            n += gb * (conditionSize / groupsInputMixin);                              // input mixin W
            if (layer1x1 != null) {
                n += (long) channels * (bottleneck / layer1x1.groups()) + channels;    // layer 1x1 W, b
            }
            if (head1x1 != null) {
                n += (long) head1x1.outChannels() * (bottleneck / head1x1.groups()) + head1x1.outChannels();
            }
            for (Map.Entry<FilmSite, FilmConfig> f : films.entrySet()) {              // order does not matter here
                long out = f.getValue().outputs(f.getKey().rows(this, l.gating()));
                n += out * (conditionSize / f.getValue().groups()) + out;              // FiLM W, b
            }
        }
        return n + (long) head.outChannels() * headInputs() * head.kernelSize() + (head.bias() ? head.outChannels() : 0);
    }

    /** Multiply-adds per sample of one forward step (every conv, 1x1 and FiLM; no activations). */
    public long macsPerSample() {
        long n = (long) inputSize * channels;
        for (LayerConfig l : layers) {
            long gb = (long) l.gating().factor() * bottleneck;
            n += gb * (channels / groupsInput) * l.kernelSize() + gb * (conditionSize / groupsInputMixin);
            if (layer1x1 != null) {
                n += (long) channels * (bottleneck / layer1x1.groups());
            }
            if (head1x1 != null) {
                n += (long) head1x1.outChannels() * (bottleneck / head1x1.groups());
            }
            for (Map.Entry<FilmSite, FilmConfig> f : films.entrySet()) {
                n += (long) f.getValue().outputs(f.getKey().rows(this, l.gating()))
                        * (conditionSize / f.getValue().groups());
            }
        }
        return n + (long) head.outChannels() * headInputs() * head.kernelSize();
    }

    /** Frames of history the array reads: {@code sum (k_l - 1) d_l} plus its head's {@code (Kh - 1) dh}. */
    public int history() {
        int h = head.history();
        for (LayerConfig l : layers) {
            h += l.history();
        }
        return h;
    }

    /** This array with every activation (primary and secondary) mapped through {@code f}. */
    public LayerArrayConfig mapActivations(java.util.function.UnaryOperator<ActivationFunction> f) {
        List<LayerConfig> mapped = new ArrayList<>();
        for (LayerConfig l : layers) {
            mapped.add(new LayerConfig(l.kernelSize(), l.dilation(), f.apply(l.activation()), l.gating(),
                    l.secondary() == null ? null : f.apply(l.secondary())));
        }
        return new LayerArrayConfig(inputSize, conditionSize, channels, bottleneck, mapped, layer1x1, head1x1,
                groupsInput, groupsInputMixin, films, head, slimmableChannels);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LayerArray(in=" + inputSize + ", cond=" + conditionSize + ", channels="
                + channels + (bottleneck != channels ? ", bottleneck=" + bottleneck : ""));
        s.append(", k=").append(uniformOrList(LayerConfig::kernelSize));
        s.append(", dilations=").append(java.util.Arrays.toString(dilations()));
        s.append(", ").append(uniformOrList(l -> l.activation().describe()
                + (l.gating() == GatingMode.NONE ? "" : " " + l.gating().namName() + " by " + l.secondary().describe())));
        s.append(", head=").append(head.outChannels());
        if (head.kernelSize() > 1) {
            s.append(" k").append(head.kernelSize()).append(head.dilation() > 1 ? " d" + head.dilation() : "");
        }
        s.append(head.bias() ? ", head_bias" : "");
        if (head1x1 != null) {
            s.append(", head1x1=").append(head1x1.outChannels()).append(head1x1.groups() > 1 ? " g" + head1x1.groups() : "");
        }
        if (layer1x1 == null) {
            s.append(", no layer1x1");
        } else if (layer1x1.groups() > 1) {
            s.append(", layer1x1 g").append(layer1x1.groups());
        }
        if (groupsInput > 1 || groupsInputMixin > 1) {
            s.append(", groups ").append(groupsInput).append("/").append(groupsInputMixin);
        }
        if (!films.isEmpty()) {
            s.append(", FiLM ").append(films.keySet().stream().sorted().map(FilmSite::key).toList());
        }
        if (!slimmableChannels.isEmpty()) {
            s.append(", slimmable ").append(slimmableChannels);
        }
        return s.append(")").toString();
    }

    /** The one value every layer has, or the list of them. */
    private String uniformOrList(java.util.function.Function<LayerConfig, Object> f) {
        List<Object> values = layers.stream().map(f).toList();
        return values.stream().distinct().count() == 1 ? String.valueOf(values.get(0)) : values.toString();
    }
}
