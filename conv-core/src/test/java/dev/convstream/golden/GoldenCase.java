package dev.convstream.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convstream.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * One golden case from {@code golden/*.json}: what to build ({@link #op}, {@link #spec}), which
 * data kind it uses, and its tensors as slices of the shared float32 blob. Every
 * {@link #tensor} call returns a fresh copy, so a layer that wrote into its input could not
 * corrupt the case for the next kernel family.
 */
record GoldenCase(String name, String op, String kind, JsonNode spec, Map<String, Slice> slices, float[] blob) {

    /** Where one tensor lives in the blob. */
    record Slice(int[] shape, int offset, int size) {
    }

    /** The case's name plus its data kind, e.g. {@code conv1d_c3-4_... [exact]}. */
    String displayName() {
        return name + " [" + kind + "]";
    }

    boolean exact() {
        return "exact".equals(kind);
    }

    boolean has(String tensor) {
        return slices.containsKey(tensor);
    }

    /** A new tensor holding a copy of the named values; fails when the case lacks it. */
    Tensor tensor(String tensor) {
        Slice s = slices.get(tensor);
        if (s == null) {
            throw new IllegalStateException("golden case " + displayName() + " has no tensor '" + tensor
                    + "', only " + slices.keySet());
        }
        return Tensor.wrap(Arrays.copyOfRange(blob, s.offset(), s.offset() + s.size()), s.shape());
    }

    /** {@link #tensor}, or null when the case has no such tensor (e.g. bias with bias=false). */
    Tensor optionalTensor(String tensor) {
        return has(tensor) ? tensor(tensor) : null;
    }

    int integer(String field) {
        return required(field).asInt();
    }

    boolean bool(String field) {
        return required(field).asBoolean();
    }

    double number(String field) {
        return required(field).asDouble();
    }

    String text(String field) {
        return required(field).asText();
    }

    /** An int array field, e.g. {@code kernel_size: [3, 5]}. */
    int[] ints(String field) {
        return ints(required(field));
    }

    /** The {@code i}-th element of a list-of-lists field, e.g. {@code padding[1]} of a 2D conv. */
    int[] ints(String field, int i) {
        return ints(required(field).get(i));
    }

    JsonNode required(String field) {
        JsonNode node = spec.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalStateException("golden case " + displayName() + " has no spec field '" + field + "'");
        }
        return node;
    }

    private int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
