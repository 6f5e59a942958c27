package dev.convstream.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A stack of layers for one input shape: each layer's {@link LayerReport} in order, the totals,
 * and the receptive field of the whole stack; {@link #toString()} prints it as a table.
 *
 * <p>The stack's receptive field is on the input's spatial axes. It starts as the identity and
 * takes each layer's field (from its report, which knows the input size) by
 * {@link ReceptiveField#then}, except:
 * <ul>
 *   <li>a 0-axis field (element-wise layers, and any layer on {@code [N][C]}, e.g. after global
 *       pooling) leaves it unchanged;</li>
 *   <li>a field with another number of axes than the stack's (a 1D layer after a reshape of 2D
 *       maps, say) cannot be composed: from that layer on the field is unknown, and
 *       {@link #receptiveFieldProblem()} says why.</li>
 * </ul>
 * Global pooling reports a window the size of its input, so the field after it covers the whole
 * input, as it should.
 */
public record StackReport(int[] inputShape, List<LayerReport> layers) {

    public StackReport {
        inputShape = inputShape.clone();
        layers = List.copyOf(layers);
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            if (!Arrays.equals(layers.get(i).inputShape(), shape)) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).layer() + ") reports input "
                        + Arrays.toString(layers.get(i).inputShape()) + " but the previous output is "
                        + Arrays.toString(shape));
            }
            shape = layers.get(i).outputShape();
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The last layer's output shape (the input shape for an empty stack). */
    public int[] outputShape() {
        return layers.isEmpty() ? inputShape.clone() : layers.get(layers.size() - 1).outputShape();
    }

    public long parameters() {
        return layers.stream().mapToLong(LayerReport::parameters).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(LayerReport::macs).sum();
    }

    /** Two per multiply-accumulate, as {@link LayerReport#flops()}. */
    public long flops() {
        return 2 * macs();
    }

    /** The field of the whole stack, empty when it cannot be composed (see the class comment). */
    public Optional<ReceptiveField> receptiveField() {
        List<Optional<ReceptiveField>> c = cumulativeReceptiveFields();
        return c.isEmpty() ? Optional.of(ReceptiveField.identity(Math.max(0, inputShape.length - 2)))
                : c.get(c.size() - 1);
    }

    /** Entry i: the field of layers 0..i together, empty from the first layer that cannot be composed. */
    public List<Optional<ReceptiveField>> cumulativeReceptiveFields() {
        return compose().fields;
    }

    /** Why the field cannot be composed, or empty when it can. */
    public Optional<String> receptiveFieldProblem() {
        return Optional.ofNullable(compose().problem);
    }

    private Composition compose() {
        ReceptiveField field = ReceptiveField.identity(Math.max(0, inputShape.length - 2));
        List<Optional<ReceptiveField>> fields = new ArrayList<>();
        String problem = null;
        for (int i = 0; i < layers.size(); i++) {
            ReceptiveField next = layers.get(i).receptiveField();
            if (problem == null && next.axes() != 0 && next.axes() != field.axes()) {
                problem = "layer " + i + " (" + layers.get(i).layer() + ") has a " + next.axes()
                        + "-axis receptive field, the stack's has " + field.axes() + " axes";
            }
            if (problem != null) {
                fields.add(Optional.empty());
                continue;
            }
            if (next.axes() != 0) {
                field = field.then(next);
            }
            fields.add(Optional.of(field));
        }
        return new Composition(Collections.unmodifiableList(fields), problem);
    }

    private record Composition(List<Optional<ReceptiveField>> fields, String problem) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackReport r && Arrays.equals(inputShape, r.inputShape) && layers.equals(r.layers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(inputShape) + layers.hashCode();
    }

    /** A table in the manner of Keras' {@code model.summary()}, then the totals. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "Layer", "Output shape", "Params", "MACs", "Receptive field (stack)"});
        rows.add(new String[] {"", "input", Arrays.toString(inputShape), "", "",
                formatField(Optional.of(ReceptiveField.identity(Math.max(0, inputShape.length - 2))))});
        List<Optional<ReceptiveField>> fields = cumulativeReceptiveFields();
        for (int i = 0; i < layers.size(); i++) {
            LayerReport r = layers.get(i);
            rows.add(new String[] {Integer.toString(i), r.layer(), Arrays.toString(r.outputShape()),
                    grouped(r.parameters()), grouped(r.macs()), formatField(fields.get(i))});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        int total = Arrays.stream(width).sum() + 2 * (width.length - 1);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                boolean numeric = c == 0 || c == 3 || c == 4;
                String cell = numeric ? pad(row[c], width[c], true) : pad(row[c], width[c], false);
                line.append(cell).append(c < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                sb.append("=".repeat(total)).append('\n');
            }
        }
        sb.append("=".repeat(total)).append('\n');
        sb.append("Total params: ").append(grouped(parameters())).append('\n');
        sb.append("Total MACs: ").append(grouped(macs())).append(" (FLOPs ").append(grouped(flops())).append(")\n");
        sb.append("Output shape: ").append(Arrays.toString(outputShape())).append('\n');
        Optional<String> problem = receptiveFieldProblem();
        sb.append("Receptive field: ").append(problem.isPresent() ? "unknown: " + problem.get()
                : formatField(receptiveField())).append('\n');
        return sb.toString();
    }

    private static String formatField(Optional<ReceptiveField> field) {
        if (field.isEmpty()) {
            return "?";
        }
        ReceptiveField f = field.get();
        if (f.axes() == 0) {
            return "1";
        }
        return join(f.size()) + " (jump " + join(f.jump()) + ")";
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : "x").append(values[i]);
        }
        return sb.toString();
    }

    private static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
