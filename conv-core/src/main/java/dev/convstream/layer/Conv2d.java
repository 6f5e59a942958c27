package dev.convstream.layer;

import dev.convstream.kernel.ConvGeometry;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Im2col;
import dev.convstream.kernel.Kernels;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.tensor.Tensor;

/**
 * PyTorch's {@code Conv2d} (cross-correlation, {@code padding_mode} as {@code F.pad} defines it,
 * asymmetric padding allowed): input {@code [N][Cin][H][W]}, weight
 * {@code [Cout][Cin/groups][kh][kw]}, bias {@code [Cout]} or none.
 *
 * <p>Three ways to compute it, chosen at construction:
 * <ul>
 * <li>depthwise ({@code groups == Cin > 1}, any channel multiplier): per channel, one padded copy
 *     of the plane and a direct {@link dev.convstream.kernel.Depthwise} correlation per output
 *     channel, since im2col + GEMM would be one tiny product per channel;</li>
 * <li>pointwise (1x1 kernel, stride 1, no padding): the input already is the column matrix, so
 *     one GEMM per (batch item, group) with no im2col;</li>
 * <li>general: {@link Im2col} into a per-call workspace, then one GEMM per (batch item, group),
 *     accumulating onto outputs pre-filled with the bias.</li>
 * </ul>
 * Immutable: weight and bias are copied at construction. Each {@link #forward} allocates its
 * output and its workspace (once per call, never per element), so one instance may serve
 * several threads.
 */
public final class Conv2d implements Layer {

    /** How {@link #forward} computes; package-private so tests can force and compare them. */
    enum Path { GENERAL, POINTWISE, DEPTHWISE }

    private final Conv2dSpec spec;
    private final float[] weight;
    private final float[] bias;
    private final Kernels kernels;
    private final Path path;
    private final int columnBudget;

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
    }

    Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Path forced) {
        this(spec, weight, bias, kernels, forced, ColumnTiles.DEFAULT_BUDGET);
    }

    private static Path choose(Conv2dSpec spec) {
        if (spec.isDepthwise()) {
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
        int[] outShape = spec.outputShape(input.shape());
        Tensor output = Tensor.zeros(outShape);
        switch (path) {
            case POINTWISE -> pointwise(input, output);
            case DEPTHWISE -> depthwise(input, output);
            default -> general(input, output);
        }
        return output;
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
        int outH = geometry.gridH();
        int outW = geometry.gridW();
        int outPlane = geometry.gridSize();
        ColumnTiles tiles = ColumnTiles.plan(outH, outW, rows, columnBudget);
        float[] columns = new float[tiles.columnValues(rows)];
        Gemm gemm = kernels.gemm();
        Gemm.Workspace workspace = gemm.newWorkspace();
        float[] x = input.data();
        float[] y = output.data();
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                int inOff = (n * cin + g * cinG) * inPlane;
                int outOff = (n * cout + g * coutG) * outPlane;
                ConvArguments.fillBias(y, outOff, bias, g * coutG, coutG, outPlane);
                for (int y0 = 0; y0 < outH; y0 += tiles.bandRows()) {
                    int bandRows = Math.min(tiles.bandRows(), outH - y0);
                    for (int x0 = 0; x0 < outW; x0 += tiles.segmentCols()) {
                        int segmentCols = Math.min(tiles.segmentCols(), outW - x0);
                        int tile = bandRows * segmentCols;
                        Im2col.fill(geometry.tile(y0, bandRows, x0, segmentCols), cinG, x, inOff, columns, 0);
                        gemm.multiply(coutG, tile, rows, weight, g * coutG * rows, rows, columns, 0, tile,
                                y, outOff + y0 * outW + x0, outPlane, bias != null, workspace);
                    }
                }
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
        Gemm gemm = kernels.gemm();
        Gemm.Workspace workspace = gemm.newWorkspace();
        float[] x = input.data();
        float[] y = output.data();
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                int outOff = (n * cout + g * coutG) * plane;
                ConvArguments.fillBias(y, outOff, bias, g * coutG, coutG, plane);
                gemm.multiply(coutG, plane, cinG, weight, g * coutG * cinG, cinG,
                        x, (n * cin + g * cinG) * plane, plane, y, outOff, plane, bias != null, workspace);
            }
        }
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
        float[] padded = new float[paddedH * paddedW];
        int outH = output.dim(2);
        int outW = output.dim(3);
        int taps = spec.kernelH() * spec.kernelW();
        float[] x = input.data();
        float[] y = output.data();
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                Im2col.fill(padding, 1, x, (n * channels + c) * h * w, padded, 0);
                for (int m = 0; m < multiplier; m++) {
                    int oc = c * multiplier + m;
                    kernels.depthwise().correlate(padded, 0, paddedH, paddedW, weight, oc * taps,
                            spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                            spec.dilationH(), spec.dilationW(), y, (n * spec.outChannels() + oc) * outH * outW,
                            outH, outW, bias == null ? 0f : bias[oc]);
                }
            }
        }
    }
}
