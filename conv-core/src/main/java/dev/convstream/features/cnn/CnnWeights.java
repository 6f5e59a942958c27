package dev.convstream.features.cnn;

import dev.convstream.features.io.SafeTensors;
import dev.convstream.layer.BatchNorm;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors a {@link CnnArchitecture} needs, by PyTorch {@code state_dict} name, bound from a
 * safetensors file with every problem reported at once: missing tensors, shapes that differ
 * from the architecture's (expected vs found), non-float dtypes, and tensors in the file no
 * layer uses. {@code *.num_batches_tracked} (a PyTorch training counter) is the one tolerated
 * extra. This class is the one place that knows PyTorch's tensor names ({@code weight},
 * {@code bias}, {@code running_mean}, {@code running_var}, the {@code depthwise}/{@code pointwise}
 * submodules): the offline extractor and the streaming CNN ask it by module.
 */
public final class CnnWeights {
    // PyTorch's state_dict tensor names; the one place convstream spells them.
    private static final String WEIGHT = "weight";
    private static final String BIAS = "bias";
    private static final String RUNNING_MEAN = "running_mean";
    private static final String RUNNING_VAR = "running_var";

    private final Map<String, Tensor> tensors;

    private CnnWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Name to expected shape, in layer order. */
    public static Map<String, int[]> required(CnnArchitecture arch) {
        Map<String, int[]> need = new LinkedHashMap<>();
        for (LayerDef def : arch.layers()) {
            if (def instanceof LayerDef.Conv c) {
                requireConv(need, c.name(), c.spec());
            } else if (def instanceof LayerDef.DepthwiseSeparable d) {
                requireConv(need, depthwiseModule(d), d.depthwise());
                requireConv(need, pointwiseModule(d), d.pointwise());
            } else if (def instanceof LayerDef.BatchNorm b) {
                int[] perChannel = {b.channels()};
                if (b.affine()) {
                    need.put(key(b.name(), WEIGHT), perChannel);
                    need.put(key(b.name(), BIAS), perChannel);
                }
                need.put(key(b.name(), RUNNING_MEAN), perChannel);
                need.put(key(b.name(), RUNNING_VAR), perChannel);
            }
        }
        return need;
    }

    private static void requireConv(Map<String, int[]> need, String module, Conv2dSpec spec) {
        need.put(key(module, WEIGHT), spec.weightShape());
        if (spec.bias()) {
            need.put(key(module, BIAS), new int[] {spec.outChannels()});
        }
    }

    /** The state_dict key of tensor {@code tensor} of the module at {@code module}: {@code module.tensor}. */
    private static String key(String module, String tensor) {
        return module + "." + tensor;
    }

    /** The depthwise half of a separable block, as a module name: {@code name.depthwise}. */
    public static String depthwiseModule(LayerDef.DepthwiseSeparable d) {
        return d.name() + ".depthwise";
    }

    /** The 1x1 half of a separable block, as a module name: {@code name.pointwise}. */
    public static String pointwiseModule(LayerDef.DepthwiseSeparable d) {
        return d.name() + ".pointwise";
    }

    /** Binds and checks; the exception lists every problem, one per line. */
    public static CnnWeights bind(CnnArchitecture arch, SafeTensors file) {
        Map<String, int[]> need = required(arch);
        List<String> problems = new ArrayList<>();
        Map<String, Tensor> bound = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : need.entrySet()) {
            SafeTensors.Entry entry = file.entries().get(e.getKey());
            if (entry == null) {
                problems.add("missing tensor '" + e.getKey() + "', expected shape " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(entry.shape(), e.getValue())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(entry.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            } else if (!entry.isFloat()) {
                problems.add("tensor '" + e.getKey() + "' has dtype " + entry.dtype() + ", expected F32, F16, BF16 or F64");
            } else {
                Tensor t = file.tensor(e.getKey());
                nonFinite(e.getKey(), t).ifPresent(problems::add);
                bound.put(e.getKey(), t);
            }
        }
        for (String name : file.entries().keySet()) {
            if (!need.containsKey(name) && !name.endsWith(".num_batches_tracked")) {
                problems.add("unexpected tensor '" + name + "' " + Arrays.toString(file.entries().get(name).shape())
                        + ": no layer of the architecture uses it");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file.path().getFileName() + " does not match the architecture ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  "
                    + String.join("\n  ", problems));
        }
        return new CnnWeights(bound);
    }

    /** From tensors already in memory (tests, conversions), with the same checks. */
    public static CnnWeights of(CnnArchitecture arch, Map<String, Tensor> tensors) {
        Map<String, int[]> need = required(arch);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, int[]> e : need.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing tensor '" + e.getKey() + "', expected shape " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            } else {
                nonFinite(e.getKey(), t).ifPresent(problems::add);
            }
        }
        for (String name : tensors.keySet()) {
            if (!need.containsKey(name) && !name.endsWith(".num_batches_tracked")) {
                problems.add("unexpected tensor '" + name + "': no layer of the architecture uses it");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not match the architecture:\n  " + String.join("\n  ", problems));
        }
        return new CnnWeights(new LinkedHashMap<>(tensors));
    }

    /** The first NaN or infinity of {@code t}, by flat index: a NaN weight turns every output into NaN. */
    private static Optional<String> nonFinite(String name, Tensor t) {
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return Optional.of("tensor '" + name + "' element " + i + " is " + data[i] + "; every weight must be finite");
            }
        }
        return Optional.empty();
    }

    /** The {@code module.weight} tensor (shared, do not modify). */
    public Tensor weight(String module) {
        return tensors.get(key(module, WEIGHT));
    }

    /** The {@code module.bias} tensor (shared, do not modify), or null when the module has none. */
    public Tensor bias(String module) {
        return tensors.get(key(module, BIAS));
    }

    /**
     * A {@code batchnorm2d} entry as conv-core's inference {@link BatchNorm}, from
     * {@code name.running_mean}, {@code name.running_var} and, when affine, {@code name.weight}
     * and {@code name.bias}.
     */
    public BatchNorm batchNorm(LayerDef.BatchNorm def) {
        return new BatchNorm(tensors.get(key(def.name(), RUNNING_MEAN)), tensors.get(key(def.name(), RUNNING_VAR)),
                weight(def.name()), bias(def.name()), def.eps());
    }

    /** A bound tensor (shared, do not modify), or null for an absent optional one. */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    public Map<String, Tensor> all() {
        return tensors;
    }
}
