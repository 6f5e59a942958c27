package dev.convstream.layer;

import dev.convstream.report.LayerReport;
import dev.convstream.report.ReceptiveField;
import dev.convstream.report.StackReport;
import dev.convstream.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Layers applied one after another, as PyTorch's {@code nn.Sequential}. It is itself a
 * {@link Layer}, so stacks nest. Parameters and MACs are the sums over the layers; the
 * receptive field composes as {@link StackReport} describes. Errors from a layer are rethrown
 * prefixed with the layer's index and description.
 *
 * <p>{@link #stackReport(int[])} gives the per-layer table; {@link #report(int[])} (the
 * {@link Layer} one, for nesting) gives the totals as one {@link LayerReport}.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<? extends Layer> layers) {
        Objects.requireNonNull(layers, "layers");
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("Sequential layer " + i + " is null");
            }
        }
        this.layers = List.copyOf(layers);
    }

    public Sequential(Layer... layers) {
        this(Arrays.asList(Objects.requireNonNull(layers, "layers")));
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public String describe() {
        return "Sequential(" + layers.size() + (layers.size() == 1 ? " layer)" : " layers)");
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape.clone();
        for (int i = 0; i < layers.size(); i++) {
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw located(i, e);
            }
        }
        return shape;
    }

    @Override
    public Tensor forward(Tensor input) {
        outputShape(input.shape()); // fail before computing anything
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                x = layers.get(i).forward(x);
            } catch (IllegalArgumentException e) {
                throw located(i, e);
            }
        }
        return x == input ? input.copy() : x;
    }

    @Override
    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    @Override
    public long macs(int[] inputShape) {
        return stackReport(inputShape).macs();
    }

    /**
     * The field composed from the layers' own {@link Layer#receptiveField()}, without an input
     * shape: the axes are those of the first layer with a non-empty field.
     *
     * @throws IllegalStateException when two layers' axes differ, or a layer (global pooling)
     *                               cannot tell its field without an input size; use
     *                               {@link #stackReport} then
     */
    @Override
    public ReceptiveField receptiveField() {
        ReceptiveField field = null;
        for (int i = 0; i < layers.size(); i++) {
            ReceptiveField next;
            try {
                next = layers.get(i).receptiveField();
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException("Sequential layer " + i + " (" + layers.get(i).describe()
                        + "): " + e.getMessage(), e);
            }
            if (next.axes() == 0) {
                continue;
            }
            if (field != null && field.axes() != next.axes()) {
                throw new IllegalStateException("Sequential layer " + i + " (" + layers.get(i).describe()
                        + ") has a " + next.axes() + "-axis receptive field after a " + field.axes()
                        + "-axis one: use stackReport(inputShape)");
            }
            field = field == null ? next : field.then(next);
        }
        return field == null ? ReceptiveField.identity(0) : field;
    }

    /** Every layer's report for {@code inputShape}, the totals and the stack's receptive field. */
    public StackReport stackReport(int[] inputShape) {
        List<LayerReport> reports = new ArrayList<>(layers.size());
        int[] shape = inputShape.clone();
        for (int i = 0; i < layers.size(); i++) {
            try {
                LayerReport r = layers.get(i).report(shape);
                reports.add(r);
                shape = r.outputShape();
            } catch (IllegalArgumentException e) {
                throw located(i, e);
            }
        }
        return new StackReport(inputShape, reports);
    }

    /**
     * The stack as one row (for a stack nested in another).
     *
     * @throws IllegalStateException when the receptive field cannot be composed
     */
    @Override
    public LayerReport report(int[] inputShape) {
        StackReport s = stackReport(inputShape);
        ReceptiveField field = s.receptiveField().orElseThrow(() -> new IllegalStateException(
                describe() + ": " + s.receptiveFieldProblem().orElse("receptive field unknown")));
        return new LayerReport(describe(), inputShape, s.outputShape(), s.parameters(), s.macs(), field);
    }

    private IllegalArgumentException located(int i, IllegalArgumentException e) {
        return new IllegalArgumentException("Sequential layer " + i + " (" + layers.get(i).describe() + "): "
                + e.getMessage(), e);
    }
}
