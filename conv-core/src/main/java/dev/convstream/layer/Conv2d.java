package dev.convstream.layer;

import dev.convstream.kernel.ConvGeometry;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Im2col;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * PyTorch's {@code Conv2d} (cross-correlation, {@code padding_mode} as {@code F.pad} defines it,
 * asymmetric padding allowed): input {@code [N][Cin][H][W]}, weight
 * {@code [Cout][Cin/groups][kh][kw]}, bias {@code [Cout]} or none.
 *
 * <p>Three ways to compute it, chosen at construction:
 * <ul>
 * <li>depthwise ({@code groups == Cin > 1}, any channel multiplier, and also one input channel
 *     with horizontal stride 1): per channel, one padded copy
 *     of the plane and a direct {@link dev.convstream.kernel.Depthwise} correlation per output
 *     channel, since im2col + GEMM would be one tiny product per channel;</li>
 * <li>pointwise (1x1 kernel, stride 1, no padding): the input already is the column matrix, so
 *     one GEMM per (batch item, group) with no im2col;</li>
 * <li>general: {@link Im2col} into reused scratch, tile by tile ({@link ColumnTiles}), then one
 *     GEMM per tile and (batch item, group); the bias rides along as one more depth row (ones
 *     in the columns, the bias as the weights' last column), so outputs are written once.</li>
 * </ul>
 * <p>Immutable: weight and bias are copied at construction. Scratch (column matrix, padded
 * plane, GEMM workspace) is kept per thread and reused, so one instance may serve several
 * threads and {@link #forward(Tensor, Tensor)} into a reused output allocates no arrays.
 * Single-task by default; {@link #withParallelism} splits each call over more threads.
 */
public final class Conv2d implements Layer {

    /** How {@link #forward} computes; package-private so tests can force and compare them. */
    enum Path { GENERAL, POINTWISE, DEPTHWISE }

    private final Conv2dSpec spec;
    private final float[] weight;
    private final float[] bias;
    /** Per group, {@code [Cout/groups][Cin/groups*kh*kw + 1]}: weight rows with the bias appended; null without bias. */
    private final float[] weightWithBias;
    private final Kernels kernels;
    private final Path path;
    private final int columnBudget;
    private final ConvParallelism parallelism;
    private final ThreadLocal<ConvScratch> scratch;

    /**
     * @param weight {@code [Cout][Cin/groups][kh][kw]}
     * @param bias {@code [Cout]}, or null exactly when {@code !spec.bias()}
     * @throws IllegalArgumentException naming the tensor at fault, with expected and found shapes
     */
    public Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
        this(spec, weight, bias, kernels, null);
    }

    /** As above, on {@link Kernels#preferred()}. */
    public Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias) {
        this(spec, weight, bias, Kernels.preferred());
    }

    /**
     * {@code forced} null picks the fastest applicable path; {@code columnBudget} caps the im2col
     * workspace (in floats, see {@link ColumnTiles}); tests shrink it to exercise tiling.
     */
    Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Path forced, int columnBudget) {
        this.spec = ConvArguments.required("spec", spec);
        this.weight = ConvArguments.weight(weight, spec.weightShape());
        this.bias = ConvArguments.bias(bias, spec.bias(), spec.outChannels());
        this.kernels = ConvArguments.required("kernels", kernels);
        this.path = forced == null ? choose(spec) : checked(spec, forced);
        if (columnBudget < 1) {
            throw new IllegalArgumentException("columnBudget must be >= 1, found " + columnBudget);
        }
        this.columnBudget = columnBudget;
        this.weightWithBias = this.bias == null ? null : appendBias(this.weight, this.bias);
        this.parallelism = ConvParallelism.SINGLE;
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    /** {@code other} with another parallelism; weights are shared (they are never written). */
    private Conv2d(Conv2d other, ConvParallelism parallelism) {
        this.spec = other.spec;
        this.weight = other.weight;
        this.bias = other.bias;
        this.weightWithBias = other.weightWithBias;
        this.kernels = other.kernels;
        this.path = other.path;
        this.columnBudget = other.columnBudget;
        this.parallelism = parallelism;
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Path forced) {
        this(spec, weight, bias, kernels, forced, ColumnTiles.DEFAULT_BUDGET);
    }

    /** Each output channel's weight row followed by its bias (rows of {@code weight.length / bias.length}). */
    private static float[] appendBias(float[] weight, float[] bias) {
        int row = weight.length / bias.length;
        float[] out = new float[weight.length + bias.length];
        for (int c = 0; c < bias.length; c++) {
            System.arraycopy(weight, c * row, out, c * (row + 1), row);
            out[c * (row + 1) + row] = bias[c];
        }
        return out;
    }

    private static Path choose(Conv2dSpec spec) {
        if (spec.isDepthwise() || (spec.inChannels() == 1 && spec.strideW() == 1 && !spec.isPointwise())) {
            // One input channel: im2col + GEMM would multiply by k = kh*kw only, a poor fit;
            // the direct kernel runs once per output channel over one padded plane.
            return Path.DEPTHWISE;
        }
        return spec.isPointwise() ? Path.POINTWISE : Path.GENERAL;
    }

    private static Path checked(Conv2dSpec spec, Path forced) {
        if (forced == Path.POINTWISE && !spec.isPointwise()) {
            throw new IllegalArgumentException("the pointwise path needs a 1x1 kernel, stride 1 and no padding: " + spec);
        }
        if (forced == Path.DEPTHWISE && spec.groups() != spec.inChannels()) {
            throw new IllegalArgumentException("the depthwise path needs groups == in_channels, found groups "
                    + spec.groups() + " and in_channels " + spec.inChannels());
        }
        return forced;
    }

    public Conv2dSpec spec() {
        return spec;
    }

    /** A copy of the weight, {@code [Cout][Cin/groups][kh][kw]}. */
    public Tensor weight() {
        return Tensor.of(weight, spec.weightShape());
    }

    /** A copy of the bias {@code [Cout]}, or null when the layer has none. */
    public Tensor bias() {
        return bias == null ? null : Tensor.of(bias, spec.outChannels());
    }

    public Kernels kernels() {
        return kernels;
    }

    Path path() {
        return path;
    }

    @Override
    public String describe() {
        return "Conv2d(" + spec.inChannels() + "->" + spec.outChannels()
                + ", k=" + ConvArguments.pair(spec.kernelH(), spec.kernelW())
                + ", s=" + ConvArguments.pair(spec.strideH(), spec.strideW())
                + ", p=" + ConvArguments.padding(spec.paddingH()) + "x" + ConvArguments.padding(spec.paddingW())
                + ", d=" + ConvArguments.pair(spec.dilationH(), spec.dilationW())
                + ", g=" + spec.groups() + ", " + spec.paddingMode().torchName()
                + (spec.bias() ? ", bias" : ", no bias") + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return spec.outputShape(inputShape);
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    /** {@code N * Cout * H' * W' * (Cin/groups) * kh * kw}; bias additions are not counted. */
    @Override
    public long macs(int[] inputShape) {
        int[] out = outputShape(inputShape);
        return (long) out[0] * out[1] * out[2] * out[3]
                * (spec.inChannels() / spec.groups()) * spec.kernelH() * spec.kernelW();
    }

    /** Span {@code d(k-1)+1} and jump = stride, per axis (H, W). */
    @Override
    public ReceptiveField receptiveField() {
        return ReceptiveField.of2d(spec.dilationH() * (spec.kernelH() - 1) + 1,
                spec.dilationW() * (spec.kernelW() - 1) + 1, spec.strideH(), spec.strideW());
    }

    @Override
    public Tensor forward(Tensor input) {
        ConvArguments.required("input", input);
        Tensor output = Tensor.zeros(spec.outputShape(input.shape()));
        compute(input, output);
        return output;
    }

    /**
     * {@link #forward(Tensor)} into a caller-owned output of shape {@link #outputShape}, whose
     * previous contents are overwritten. With a reused output and the same input shape, a
     * single-task call allocates no arrays: scratch is kept per thread.
     *
     * @throws IllegalArgumentException if {@code output} has the wrong shape
     */
    public void forward(Tensor input, Tensor output) {
        ConvArguments.required("input", input);
        ConvArguments.required("output", output).requireShape("output", spec.outputShape(input.shape()));
        compute(input, output);
    }

    /**
     * This layer (same weights, shared) splitting each {@code forward} into {@code tasks} parts,
     * the extra ones on the common fork-join pool: over output positions (general and pointwise
     * paths) or channels (depthwise path). Results are identical to one task.
     */
    public Conv2d withParallelism(int tasks) {
        return withParallelism(tasks, ForkJoinPool.commonPool());
    }

    /** As {@link #withParallelism(int)}, the extra parts run on {@code executor}. */
    public Conv2d withParallelism(int tasks, Executor executor) {
        return new Conv2d(this, tasks == 1 ? ConvParallelism.SINGLE : new ConvParallelism(tasks, executor));
    }

    private void compute(Tensor input, Tensor output) {
        switch (path) {
            case POINTWISE -> pointwise(input, output);
            case DEPTHWISE -> depthwise(input, output);
            default -> general(input, output);
        }
    }

    private void general(Tensor input, Tensor output) {
        int batch = input.dim(0);
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int inPlane = input.dim(2) * input.dim(3);
        ConvGeometry geometry = new ConvGeometry(input.dim(2), input.dim(3), spec.kernelH(), spec.kernelW(),
                spec.strideH(), spec.strideW(), spec.paddingH().before(), spec.paddingW().before(),
                spec.dilationH(), spec.dilationW(), output.dim(2), output.dim(3), spec.paddingMode());
        int rows = cinG * geometry.taps();
        // With a bias, the GEMM's depth gets one more row: a row of ones in the columns times the
        // bias column of weightWithBias, so the product writes biased outputs in one pass.
        int depth = bias == null ? rows : rows + 1;
        float[] a = bias == null ? weight : weightWithBias;
        int outH = geometry.gridH();
        int outW = geometry.gridW();
        int outPlane = geometry.gridSize();
        float[] x = input.data();
        float[] y = output.data();
        // Parts take bands of output rows, or (1D: one row) segments of it, so that every tile
        // stays a plain strided block of the output.
        boolean byRows = outH > 1;
        parallelism.run((part, parts) -> {
            int r0 = byRows ? ConvParallelism.start(part, parts, outH) : 0;
            int r1 = byRows ? ConvParallelism.start(part + 1, parts, outH) : outH;
            int c0 = byRows ? 0 : ConvParallelism.start(part, parts, outW);
            int c1 = byRows ? outW : ConvParallelism.start(part + 1, parts, outW);
            ColumnTiles tiles = ColumnTiles.plan(r1 - r0, c1 - c0, depth, columnBudget);
            ConvScratch s = scratch.get();
            float[] columns = s.buffer(tiles.columnValues(depth));
            Gemm gemm = kernels.gemm();
            for (int n = 0; n < batch; n++) {
                for (int g = 0; g < groups; g++) {
                    int inOff = (n * cin + g * cinG) * inPlane;
                    int outOff = (n * cout + g * coutG) * outPlane;
                    for (int y0 = r0; y0 < r1; y0 += tiles.bandRows()) {
                        int bandRows = Math.min(tiles.bandRows(), r1 - y0);
                        for (int x0 = c0; x0 < c1; x0 += tiles.segmentCols()) {
                            int segmentCols = Math.min(tiles.segmentCols(), c1 - x0);
                            int tile = bandRows * segmentCols;
                            int at = outOff + y0 * outW + x0;
                            Im2col.fill(geometry.tile(y0, bandRows, x0, segmentCols), cinG, x, inOff, columns, 0);
                            if (bias != null) {
                                Arrays.fill(columns, rows * tile, depth * tile, 1f);
                            }
                            gemm.multiply(coutG, tile, depth, a, g * coutG * depth, depth, columns, 0, tile,
                                    y, at, outPlane, false, s.workspace);
                        }
                    }
                }
            }
        }, byRows ? outH : outW);
    }

    /** Bias into a tile of the output: per channel, {@code bandRows} rows of {@code cols} values. */
    private void fillBias(float[] y, int at, int firstChannel, int channels, int plane, int bandRows, int cols,
                          int rowStride) {
        for (int c = 0; c < channels; c++) {
            float b = bias[firstChannel + c];
            for (int r = 0; r < bandRows; r++) {
                int from = at + c * plane + r * rowStride;
                Arrays.fill(y, from, from + cols, b);
            }
        }
    }

    private void pointwise(Tensor input, Tensor output) {
        int batch = input.dim(0);
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int plane = input.dim(2) * input.dim(3);
        float[] x = input.data();
        float[] y = output.data();
        parallelism.run((part, parts) -> {
            int j0 = ConvParallelism.start(part, parts, plane);
            int j1 = ConvParallelism.start(part + 1, parts, plane);
            Gemm gemm = kernels.gemm();
            ConvScratch s = scratch.get();
            for (int n = 0; n < batch; n++) {
                for (int g = 0; g < groups; g++) {
                    int outOff = (n * cout + g * coutG) * plane + j0;
                    if (bias != null) {
                        fillBias(y, outOff, g * coutG, coutG, plane, 1, j1 - j0, 0);
                    }
                    gemm.multiply(coutG, j1 - j0, cinG, weight, g * coutG * cinG, cinG,
                            x, (n * cin + g * cinG) * plane + j0, plane, y, outOff, plane, bias != null, s.workspace);
                }
            }
        }, plane);
    }

    private void depthwise(Tensor input, Tensor output) {
        int batch = input.dim(0);
        int channels = spec.inChannels();
        int multiplier = spec.outChannels() / channels;
        int h = input.dim(2);
        int w = input.dim(3);
        int paddedH = h + spec.paddingH().total();
        int paddedW = w + spec.paddingW().total();
        // The padded plane is im2col with a 1x1 kernel whose grid is the padded plane itself.
        ConvGeometry padding = new ConvGeometry(h, w, 1, 1, 1, 1, spec.paddingH().before(),
                spec.paddingW().before(), 1, 1, paddedH, paddedW, spec.paddingMode());
        int outH = output.dim(2);
        int outW = output.dim(3);
        int taps = spec.kernelH() * spec.kernelW();
        float[] x = input.data();
        float[] y = output.data();
        // Parts take output channels; with one input channel they share its padded plane's
        // values but each pads its own copy (cheap next to multiplier * taps passes over it).
        int units = batch * spec.outChannels();
        parallelism.run((part, parts) -> {
            int u0 = ConvParallelism.start(part, parts, units);
            int u1 = ConvParallelism.start(part + 1, parts, units);
            float[] padded = scratch.get().buffer(paddedH * paddedW);
            int paddedFor = -1;
            for (int u = u0; u < u1; u++) {
                int n = u / spec.outChannels();
                int oc = u % spec.outChannels();
                int source = n * channels + oc / multiplier;
                if (spec.paddingMode() == PaddingMode.ZEROS && kernels.depthwise().correlateZeroPadded(x,
                        source * h * w, h, w, spec.paddingH().before(), spec.paddingW().before(), weight, oc * taps,
                        spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                        spec.dilationH(), spec.dilationW(), y, u * outH * outW, outH, outW,
                        bias == null ? 0f : bias[oc], padded)) {
                    paddedFor = -1; // the kernel used the buffer as its scratch
                    continue;
                }
                if (source != paddedFor) {
                    if (spec.paddingMode() == PaddingMode.ZEROS) {
                        padZeros(x, source * h * w, h, w, spec.paddingH().before(), spec.paddingW().before(),
                                padded, paddedH, paddedW);
                    } else {
                        Im2col.fill(padding, 1, x, source * h * w, padded, 0);
                    }
                    paddedFor = source;
                }
                kernels.depthwise().correlate(padded, 0, paddedH, paddedW, weight, oc * taps,
                        spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                        spec.dilationH(), spec.dilationW(), y, u * outH * outW,
                        outH, outW, bias == null ? 0f : bias[oc]);
            }
        }, units);
    }

    /**
     * Zero padding, the common mode, as row copies and border fills: about twice as fast as the
     * general {@link Im2col} route, which resolves every border tap through the padding mode.
     */
    private static void padZeros(float[] x, int off, int h, int w, int top, int left,
                                 float[] padded, int paddedH, int paddedW) {
        Arrays.fill(padded, 0, top * paddedW, 0f);
        for (int r = 0; r < h; r++) {
            int dst = (top + r) * paddedW;
            Arrays.fill(padded, dst, dst + left, 0f);
            System.arraycopy(x, off + r * w, padded, dst + left, w);
            Arrays.fill(padded, dst + left + w, dst + paddedW, 0f);
        }
        Arrays.fill(padded, (top + h) * paddedW, paddedH * paddedW, 0f);
    }
}
