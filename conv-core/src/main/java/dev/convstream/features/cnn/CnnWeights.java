package dev.convstream.features.cnn;

import dev.convstream.features.io.SafeTensors;
import dev.convstream.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors a {@link CnnArchitecture} needs, by PyTorch {@code state_dict} name, bound from a
 * safetensors file with every problem reported at once: missing tensors, shapes that differ
 * from the architecture's (expected vs found), non-float dtypes, and tensors in the file no
 * layer uses. {@code *.num_batches_tracked} (a PyTorch training counter) is the one tolerated
 * extra.
 */
public final class CnnWeights {
    private final Map<String, Tensor> tensors;

    private CnnWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Name to expected shape, in layer order. */
    public static Map<String, int[]> required(CnnArchitecture arch) {
        Map<String, int[]> need = new LinkedHashMap<>();
        for (LayerDef def : arch.layers()) {
            if (def instanceof LayerDef.Conv c) {
                need.put(c.name() + ".weight", c.spec().weightShape());
                if (c.spec().bias()) {
                    need.put(c.name() + ".bias", new int[] {c.spec().outChannels()});
                }
            } else if (def instanceof LayerDef.DepthwiseSeparable d) {
                need.put(d.name() + ".depthwise.weight", d.depthwise().weightShape());
                if (d.depthwise().bias()) {
                    need.put(d.name() + ".depthwise.bias", new int[] {d.depthwise().outChannels()});
                }
                need.put(d.name() + ".pointwise.weight", d.pointwise().weightShape());
                if (d.pointwise().bias()) {
                    need.put(d.name() + ".pointwise.bias", new int[] {d.pointwise().outChannels()});
                }
            } else if (def instanceof LayerDef.BatchNorm b) {
                if (b.affine()) {
                    need.put(b.name() + ".weight", new int[] {b.channels()});
                    need.put(b.name() + ".bias", new int[] {b.channels()});
                }
                need.put(b.name() + ".running_mean", new int[] {b.channels()});
                need.put(b.name() + ".running_var", new int[] {b.channels()});
            }
        }
        return need;
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
                bound.put(e.getKey(), file.tensor(e.getKey()));
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

    /** A bound tensor (shared, do not modify), or null for an absent optional one. */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    public Map<String, Tensor> all() {
        return tensors;
    }
}
