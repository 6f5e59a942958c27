package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.kernel.ConvGeometry;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Im2col;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.PaddedPlanes;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import java.util.concurrent.Executor;

/**
 * PyTorch's {@code Conv2d} (cross-correlation, {@code padding_mode} as {@code F.pad} defines it,
 * asymmetric padding allowed): input {@code [N][Cin][H][W]}, weight
 * {@code [Cout][Cin/groups][kh][kw]}, bias {@code [Cout]} or none.
 *
 * <p>Five ways to compute it, the applicable one chosen at construction from the spec; per input
 * size, a cached plan lets the shifted path give way to the general one where it would not pay,
 * and asks the kernel family whether its depthwise kernel reads zero-padded planes in place:
 * <ul>
 * <li>depthwise ({@code groups == Cin > 1}, any channel multiplier, and also one input channel
 *     with horizontal stride 1): per channel, one padded copy
 *     of the plane (or none, where the family reads the input in place) and a direct
 *     {@link dev.convstream.kernel.Depthwise} correlation per output channel, since im2col + GEMM
 *     would be one tiny product per channel;</li>
 * <li>pointwise (1x1 kernel, stride 1, no padding): the input already is the column matrix, so
 *     one GEMM per (batch item, group) with no im2col;</li>
 * <li>shifted (stride 1): no column matrix at all. Row {@code (c, ky, kx)} of im2col's matrix
 *     is the padded input plane shifted by {@code (ky*dh, kx*dw)}, once the plane is read with
 *     its padded width as the row pitch; so the GEMM reads B straight from a padded copy of the
 *     input, one row start per tap. The price is {@code (kw-1)*dw} extra columns per output row
 *     (where a window wraps into the next row), computed and dropped when the result is copied
 *     out; with one output row (1D) there are none and the GEMM writes the output directly, and
 *     the columns whose windows lie inside the input read it in place, without the copy (only
 *     the ends that reach into the padding are copied: for a causal conv1d at dilation 512 split
 *     over two threads, the copies of each part's halo had made two threads barely faster than
 *     one; BENCHMARKS.md, "Session 38").
 *     Taken when those columns are at most a quarter of the work, else the general path;</li>
 * <li>general: {@link Im2col} into reused scratch, tile by tile ({@link ColumnTiles}), then one
 *     GEMM per tile and (batch item, group).</li>
 * <li>Winograd (3x3, stride 1, dilation 1, groups 1, at least {@value #WINOGRAD_MIN_CHANNELS}
 *     input and output channels; {@link WinogradConv}): F(4x4, 3x3), 2.25 multiplications per
 *     output and channel pair instead of 9. It rounds differently from the direct sum: on random
 *     64-channel layers its largest error was 5.6-7.1e-6 of the largest output, 6.8-9.0x the direct
 *     paths' (stated and checked in {@code WinogradConvTest}; docs/winograd.md). Where that
 *     matters, {@link #direct} builds the same layer on the direct paths.</li>
 * </ul>
 * <p>In the GEMM paths the weights are packed once, at construction, in the GEMM's own layout,
 * and the GEMM starts each output channel's sums from its bias, so outputs are written once.
 * <p>Immutable: weight and bias are copied at construction. Scratch (column matrix, padded
 * plane, GEMM workspace) is kept per thread and reused, so one instance may serve several
 * threads and {@link #forward(Tensor, Tensor)} into a reused output allocates no arrays.
 * Single-task by default; {@link #withParallelism} splits each call over more threads.
 */
public final class Conv2d implements Layer {

    /** How {@link #forward} computes; package-private so tests can force and compare them. */
    enum Path { GENERAL, SHIFTED, POINTWISE, DEPTHWISE, WINOGRAD }

    /**
     * Channel counts (input and output) from which a dense 3x3 stride-1 layer takes the Winograd
     * path by default. Its transforms cost per channel and its GEMM saving per channel pair, so it
     * pays only with enough of both: at 56x56 on JDK 17 it ran 0.67x the shifted path at 16
     * channels, even at 32 and 40, 1.26x at 48, 1.39x at 64 and 1.70x at 128; on JDK 25 even at
     * 32, 1.28x at 48 (BENCHMARKS.md, "Winograd F(4x4, 3x3)").
     */
    static final int WINOGRAD_MIN_CHANNELS = 48;

    private final Conv2dSpec spec;
    private final float[] weight;
    private final float[] bias;
    /** Per group, the weight rows packed for the GEMM; null on the depthwise path. */
    private final Gemm.PackedMatrix[] packedWeights;
    /** The Winograd path's transformed weights and loop; null on the other paths. */
    private final WinogradConv winograd;
    private final Kernels kernels;
    private final Path path;
    private final int columnBudget;
    private final ConvParallelism parallelism;
    /** The plan of the last input size; see {@link #plan}. */
    private Plan plan;
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
        this(spec, weight, bias, kernels, forced, columnBudget, true, WinogradConv.DEFAULT_BLOCK_TILES);
    }

    /**
     * As above; {@code winogradAllowed} false keeps {@code forced == null} off the Winograd path,
     * and {@code blockTiles} sets the Winograd path's tiles per block (benchmarks vary it).
     */
    Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Path forced, int columnBudget,
           boolean winogradAllowed, int blockTiles) {
        this.spec = Require.notNull("spec", spec);
        this.weight = ConvArguments.weight(weight, spec.weightShape());
        this.bias = ConvArguments.bias(bias, spec.bias(), spec.outChannels());
        this.kernels = Require.notNull("kernels", kernels);
        this.path = forced == null ? choose(spec, winogradAllowed) : checked(spec, forced);
        Require.atLeastOne("columnBudget", columnBudget);
        this.columnBudget = columnBudget;
        this.packedWeights = path == Path.DEPTHWISE || path == Path.WINOGRAD ? null : packWeights();
        this.winograd = path == Path.WINOGRAD ? new WinogradConv(spec, this.weight, this.bias, kernels, blockTiles) : null;
        this.parallelism = ConvParallelism.SINGLE;
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    /** {@code other} with another parallelism; weights are shared (they are never written). */
    private Conv2d(Conv2d other, ConvParallelism parallelism) {
        this.spec = other.spec;
        this.weight = other.weight;
        this.bias = other.bias;
        this.packedWeights = other.packedWeights;
        this.winograd = other.winograd;
        this.kernels = other.kernels;
        this.path = other.path;
        this.columnBudget = other.columnBudget;
        this.parallelism = parallelism;
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    Conv2d(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, Path forced) {
        this(spec, weight, bias, kernels, forced, ColumnTiles.DEFAULT_BUDGET);
    }

    /** Per group, the weight rows {@code [Cout/groups][Cin/groups*kh*kw]} packed for the GEMM. */
    private Gemm.PackedMatrix[] packWeights() {
        int groups = spec.groups();
        int coutG = spec.outChannels() / groups;
        int depth = spec.inChannels() / groups * spec.kernelH() * spec.kernelW();
        float[] a = weight;
        Gemm.PackedMatrix[] packed = new Gemm.PackedMatrix[groups];
        for (int g = 0; g < groups; g++) {
            packed[g] = kernels.gemm().pack(coutG, depth, a, g * coutG * depth, depth);
        }
        return packed;
    }

    /**
     * A layer that never takes the Winograd path: every output is the direct sum of its
     * {@code Cin * 9} products, as on the other paths. For callers that need the direct path's
     * rounding (7-9x smaller than Winograd's on random 64-channel layers; docs/winograd.md),
     * e.g. to compare against a reference bit for bit or at tolerances below 1e-5.
     */
    public static Conv2d direct(Conv2dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
        return new Conv2d(spec, weight, bias, kernels, null, ColumnTiles.DEFAULT_BUDGET, false,
                WinogradConv.DEFAULT_BLOCK_TILES);
    }

    /** Whether this layer computes with Winograd's F(4x4, 3x3) (see the class comment). */
    public boolean usesWinograd() {
        return path == Path.WINOGRAD;
    }

    private static Path choose(Conv2dSpec spec, boolean winogradAllowed) {
        if (spec.isDepthwise() || (spec.inChannels() == 1 && spec.strideW() == 1 && !spec.isPointwise())) {
            // One input channel: im2col + GEMM would multiply by k = kh*kw only, a poor fit;
            // the direct kernel runs once per output channel over one padded plane.
            return Path.DEPTHWISE;
        }
        if (spec.isPointwise()) {
            return Path.POINTWISE;
        }
        if (winogradAllowed && WinogradConv.applies(spec) && spec.inChannels() >= WINOGRAD_MIN_CHANNELS
                && spec.outChannels() >= WINOGRAD_MIN_CHANNELS) {
            return Path.WINOGRAD;
        }
        return spec.strideH() == 1 && spec.strideW() == 1 ? Path.SHIFTED : Path.GENERAL;
    }

    private static Path checked(Conv2dSpec spec, Path forced) {
        if (forced == Path.POINTWISE && !spec.isPointwise()) {
            throw new IllegalArgumentException("the pointwise path needs a 1x1 kernel, stride 1 and no padding: " + spec);
        }
        if (forced == Path.SHIFTED && (spec.strideH() != 1 || spec.strideW() != 1)) {
            throw new IllegalArgumentException("the shifted path needs stride 1, found stride "
                    + ConvArguments.pair(spec.strideH(), spec.strideW()));
        }
        if (forced == Path.DEPTHWISE && spec.groups() != spec.inChannels()) {
            throw new IllegalArgumentException("the depthwise path needs groups == in_channels, found groups "
                    + spec.groups() + " and in_channels " + spec.inChannels());
        }
        if (forced == Path.WINOGRAD && !WinogradConv.applies(spec)) {
            throw new IllegalArgumentException("the Winograd path needs a 3x3 kernel, stride 1, dilation 1 and "
                    + "groups 1: " + spec);
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
        Require.notNull("input", input);
        Tensor output = Tensor.zeros(spec.outputShape(input.shape()));
        compute(input.data(), input.dim(0), input.dim(2), input.dim(3), output.data(), output.dim(2), output.dim(3));
        return output;
    }

    /**
     * {@link #forward(Tensor)} into a caller-owned output of shape {@link #outputShape}, whose
     * previous contents are overwritten. With a reused output, a single-task call allocates
     * nothing: shapes are checked without building arrays, and scratch is kept per thread.
     *
     * @throws IllegalArgumentException if {@code input} or {@code output} has the wrong shape
     */
    public void forward(Tensor input, Tensor output) {
        ConvArguments.checkForward(spec, input, output);
        compute(input.data(), input.dim(0), input.dim(2), input.dim(3), output.data(), output.dim(2), output.dim(3));
    }

    /**
     * This layer (same weights, shared) splitting each {@code forward} into {@code tasks} parts,
     * the extra ones on the {@link SpinningWorkers#shared() shared workers}: over output
     * positions (general and pointwise paths) or channels (depthwise path). Results are identical
     * to one task.
     */
    public Conv2d withParallelism(int tasks) {
        return withParallelism(ConvParallelism.of(tasks));
    }

    /** As {@link #withParallelism(int)}, the extra parts run on {@code executor}. */
    public Conv2d withParallelism(int tasks, Executor executor) {
        return withParallelism(tasks == 1 ? ConvParallelism.SINGLE : new ConvParallelism(tasks, executor));
    }

    /** This layer with {@code parallelism} as it is (tests split small calls with {@link ConvParallelism#always}). */
    Conv2d withParallelism(ConvParallelism parallelism) {
        return new Conv2d(this, parallelism);
    }

    /**
     * The convolution of {@code batch} planes of {@code h x w} in {@code x} into {@code y}
     * ({@code outH x outW} per channel), shapes already checked. One task runs inline, so a
     * single-task call allocates nothing (not even the lambda of a split).
     */
    void compute(float[] x, int batch, int h, int w, float[] y, int outH, int outW) {
        Plan plan = plan(h, w, outH, outW);
        Path run = plan.path();
        // Parts take bands of output rows, or (one row) segments of it; channels when depthwise.
        int units = switch (run) {
            case POINTWISE -> h * w;
            case DEPTHWISE -> batch * spec.outChannels();
            case WINOGRAD -> winograd.splitUnits(batch, outH, outW);
            default -> outH > 1 ? outH : outW;
        };
        long macs = (long) batch * outH * outW * spec.outChannels() * (spec.inChannels() / spec.groups())
                * spec.kernelH() * spec.kernelW();
        if (!parallelism.splits(macs) || units <= 1) {
            computePart(plan, 0, 1, x, batch, h, w, y, outH, outW);
        } else if (run == Path.WINOGRAD) {
            parallelism.runEach((part, parts) -> computePart(plan, part, parts, x, batch, h, w, y, outH, outW), units);
        } else {
            parallelism.run((part, parts) -> computePart(plan, part, parts, x, batch, h, w, y, outH, outW), units);
        }
    }

    /**
     * What calls on {@code h x w} inputs run: the construction's path, except that the shifted
     * one gives way to the general one where its extra columns would not pay
     * ({@link ShiftedTiles#pays}); and on the depthwise path, whether the kernel family reads
     * zero-padded planes in place ({@link dev.convstream.kernel.Depthwise#readsUnpadded}).
     * Built on the first call of a size, then reused (calls of one size allocate nothing).
     */
    private record Plan(int h, int w, Path path, boolean depthwiseInPlace) {
    }

    private Plan plan(int h, int w, int outH, int outW) {
        Plan p = plan;
        if (p == null || p.h() != h || p.w() != w) {
            Path run = path == Path.SHIFTED && !ShiftedTiles.pays(outH, outW, (spec.kernelW() - 1) * spec.dilationW())
                    ? Path.GENERAL : path;
            // With a channel multiplier the padded copy is shared by several output channels,
            // which beats reading the input in place (measured in BENCHMARKS.md).
            boolean inPlace = run == Path.DEPTHWISE && spec.outChannels() == spec.inChannels()
                    && spec.paddingMode() == PaddingMode.ZEROS
                    && kernels.depthwise().readsUnpadded(spec.kernelH(), spec.kernelW(), spec.strideH(),
                            spec.strideW(), outW);
            p = new Plan(h, w, run, inPlace);
            plan = p;
        }
        return p;
    }

    private void computePart(Plan plan, int part, int parts, float[] x, int batch, int h, int w, float[] y,
                             int outH, int outW) {
        switch (plan.path()) {
            case POINTWISE -> pointwise(part, parts, x, batch, h, w, y, outH, outW);
            case DEPTHWISE -> depthwise(plan.depthwiseInPlace(), part, parts, x, batch, h, w, y, outH, outW);
            case SHIFTED -> shifted(part, parts, x, batch, h, w, y, outH, outW);
            case WINOGRAD -> winograd.run(part, parts, x, batch, h, w, y, outH, outW, scratch.get());
            default -> general(part, parts, x, batch, h, w, y, outH, outW);
        }
    }

    private void general(int part, int parts, float[] x, int batch, int h, int w, float[] y, int outH, int outW) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int inPlane = h * w;
        ConvScratch s = scratch.get();
        ConvGeometry geometry = s.geometry;
        if (geometry == null || geometry.imageH() != h || geometry.imageW() != w) {
            // Kept per thread for the next call of the same shape (the spec is this layer's).
            geometry = new ConvGeometry(h, w, spec.kernelH(), spec.kernelW(),
                    spec.strideH(), spec.strideW(), spec.paddingH().before(), spec.paddingW().before(),
                    spec.dilationH(), spec.dilationW(), outH, outW, spec.paddingMode());
            s.geometry = geometry;
        }
        int rows = cinG * geometry.taps();
        int outPlane = geometry.gridSize();
        int r0 = ConvParallelism.firstRow(part, parts, outH);
        int r1 = ConvParallelism.endRow(part, parts, outH);
        int c0 = ConvParallelism.firstColumn(part, parts, outH, outW);
        int c1 = ConvParallelism.endColumn(part, parts, outH, outW);
        int tileRows = ColumnTiles.bandRows(r1 - r0, c1 - c0, rows, columnBudget);
        int tileCols = ColumnTiles.segmentCols(r1 - r0, c1 - c0, rows, columnBudget);
        float[] columns = s.buffer(ColumnTiles.columnValues(tileRows, tileCols, rows));
        int[] bRows = s.ints(rows);
        Gemm gemm = kernels.gemm();
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                int inOff = (n * cin + g * cinG) * inPlane;
                int outOff = (n * cout + g * coutG) * outPlane;
                for (int y0 = r0; y0 < r1; y0 += tileRows) {
                    int bandRows = Math.min(tileRows, r1 - y0);
                    for (int x0 = c0; x0 < c1; x0 += tileCols) {
                        int segmentCols = Math.min(tileCols, c1 - x0);
                        int tile = bandRows * segmentCols;
                        int at = outOff + y0 * outW + x0;
                        Im2col.fill(geometry.tile(y0, bandRows, x0, segmentCols), cinG, x, inOff, columns, 0);
                        for (int p = 0; p < rows; p++) {
                            bRows[p] = p * tile;
                        }
                        product(gemm, g, coutG, tile, columns, bRows, y, at, outPlane, s.workspace);
                    }
                }
            }
        }
    }

    private void shifted(int part, int parts, float[] x, int batch, int h, int w, float[] y, int outH, int outW) {
        int cinG = spec.inChannels() / spec.groups();
        int coutG = spec.outChannels() / spec.groups();
        int haloH = (spec.kernelH() - 1) * spec.dilationH();
        int haloW = (spec.kernelW() - 1) * spec.dilationW();
        int padTop = spec.paddingH().before();
        int padLeft = spec.paddingW().before();
        int r0 = ConvParallelism.firstRow(part, parts, outH);
        int r1 = ConvParallelism.endRow(part, parts, outH);
        int c0 = ConvParallelism.firstColumn(part, parts, outH, outW);
        int c1 = ConvParallelism.endColumn(part, parts, outH, outW);
        int tileRows = ShiftedTiles.bandRows(r1 - r0, c1 - c0, cinG, coutG, haloH, haloW, columnBudget);
        int tileCols = tileRows > 1 ? c1 - c0
                : ShiftedTiles.segmentCols(c1 - c0, cinG, haloH, haloW, columnBudget);
        ConvScratch s = scratch.get();
        float[] buffer = s.buffer(ShiftedTiles.scratchValues(tileRows, tileCols, cinG, coutG, haloH, haloW));
        // Output columns [inside0, inside1) of a row have their whole window inside the input.
        int inside0 = padLeft;
        int inside1 = w - haloW + padLeft;
        for (int y0 = r0; y0 < r1; y0 += tileRows) {
            int bandRows = Math.min(tileRows, r1 - y0);
            boolean rowsInside = bandRows == 1 && y0 >= padTop && y0 - padTop + haloH < h;
            for (int x0 = c0; x0 < c1; x0 += tileCols) {
                int x1 = Math.min(x0 + tileCols, c1);
                int in0 = Math.min(Math.max(x0, inside0), x1);
                int in1 = Math.max(Math.min(x1, inside1), in0);
                if (!rowsInside || in0 == in1) {
                    shiftedCopied(s, buffer, x, batch, h, w, y, outH, outW, y0, bandRows, x0, x1 - x0);
                    continue;
                }
                // A single output row's columns whose windows lie inside the input read it in
                // place, like the pointwise path: no padded copy of their band. Only the columns
                // whose windows reach into the padding take the copy. Every column is still one
                // GEMM column from the same weights and taps, so the same bits either way.
                if (x0 < in0) {
                    shiftedCopied(s, buffer, x, batch, h, w, y, outH, outW, y0, 1, x0, in0 - x0);
                }
                shiftedInPlace(s, x, batch, h, w, y, outH, outW, y0, in0, in1 - in0);
                if (in1 < x1) {
                    shiftedCopied(s, buffer, x, batch, h, w, y, outH, outW, y0, 1, in1, x1 - in1);
                }
            }
        }
    }

    /** Output columns {@code [x0, x0 + cols)} of row {@code y0}, whose windows lie inside the input, from it in place. */
    private void shiftedInPlace(ConvScratch s, float[] x, int batch, int h, int w, float[] y, int outH, int outW,
                                int y0, int x0, int cols) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int cinG = cin / spec.groups();
        int coutG = cout / spec.groups();
        int inPlane = h * w;
        int[] bRows = s.ints(cinG * spec.kernelH() * spec.kernelW());
        // Where the window of output (y0, x0) starts in a channel's plane.
        int origin = (y0 - spec.paddingH().before()) * w + x0 - spec.paddingW().before();
        Gemm gemm = kernels.gemm();
        for (int nb = 0; nb < batch; nb++) {
            for (int g = 0; g < spec.groups(); g++) {
                tapRows(bRows, (nb * cin + g * cinG) * inPlane + origin, cinG, inPlane, w);
                int outOff = (nb * cout + g * coutG) * outH * outW + y0 * outW + x0;
                product(gemm, g, coutG, cols, x, bRows, y, outOff, outH * outW, s.workspace);
            }
        }
    }

    /**
     * B's row starts for the shifted path: row (c, ky, kx), in the weights' order, starts at
     * {@code base + c * plane + ky * dh * pitch + kx * dw}, the window origin of channel c shifted
     * by the tap, in planes {@code plane} apart with rows {@code pitch} apart.
     */
    private void tapRows(int[] bRows, int base, int channels, int plane, int pitch) {
        int kh = spec.kernelH();
        int kw = spec.kernelW();
        for (int c = 0, r = 0; c < channels; c++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    bRows[r++] = base + c * plane + ky * spec.dilationH() * pitch + kx * spec.dilationW();
                }
            }
        }
    }

    /**
     * Output rows {@code [y0, y0 + bandRows)}, columns {@code [x0, x0 + cols)}, from a padded copy
     * of their input band in {@code buffer}.
     */
    private void shiftedCopied(ConvScratch s, float[] buffer, float[] x, int batch, int h, int w, float[] y,
                               int outH, int outW, int y0, int bandRows, int x0, int cols) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int cinG = cin / spec.groups();
        int coutG = cout / spec.groups();
        int kh = spec.kernelH();
        int kw = spec.kernelW();
        int dh = spec.dilationH();
        int dw = spec.dilationW();
        int haloW = (kw - 1) * dw;
        int inPlane = h * w;
        int outPlane = outH * outW;
        int bandH = bandRows + (kh - 1) * dh;
        int bandW = cols + haloW;
        int bandPlane = bandH * bandW;
        // Column j of B is window (j / bandW, j % bandW); the last row needs only cols.
        int n = (bandRows - 1) * bandW + cols;
        int cAt = cinG * bandPlane;
        int[] bRows = s.ints(cinG * kh * kw);
        tapRows(bRows, 0, cinG, bandPlane, bandW);
        // With one row, or no halo (bandW == outW), the windows are the output's own layout.
        boolean direct = bandRows == 1 || haloW == 0;
        Gemm gemm = kernels.gemm();
        for (int nb = 0; nb < batch; nb++) {
            for (int g = 0; g < spec.groups(); g++) {
                PaddedPlanes.copy(cinG, x, (nb * cin + g * cinG) * inPlane, h, w, spec.paddingH().before() - y0,
                        spec.paddingW().before() - x0, bandH, bandW, spec.paddingMode(), buffer, 0);
                int outOff = (nb * cout + g * coutG) * outPlane + y0 * outW + x0;
                if (direct) {
                    product(gemm, g, coutG, n, buffer, bRows, y, outOff, outPlane, s.workspace);
                } else {
                    product(gemm, g, coutG, n, buffer, bRows, buffer, cAt, n, s.workspace);
                    for (int co = 0; co < coutG; co++) {
                        for (int r = 0; r < bandRows; r++) {
                            System.arraycopy(buffer, cAt + co * n + r * bandW, y,
                                    outOff + co * outPlane + r * outW, cols);
                        }
                    }
                }
            }
        }
    }

    /**
     * One GEMM of group g's packed weights with B given by row starts; with a bias, the GEMM
     * starts each output channel's sums from it, so outputs are written once.
     */
    private void product(Gemm gemm, int g, int coutG, int n, float[] b, int[] bRows, float[] c, int cOff, int ldc,
                         Gemm.Workspace workspace) {
        if (bias == null) {
            gemm.multiply(packedWeights[g], n, b, bRows, c, cOff, ldc, false, workspace);
        } else {
            gemm.multiply(packedWeights[g], n, b, bRows, bias, g * coutG, c, cOff, ldc, workspace);
        }
    }

    private void pointwise(int part, int parts, float[] x, int batch, int h, int w, float[] y, int outH, int outW) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int plane = h * w;
        int j0 = ConvParallelism.start(part, parts, plane);
        int j1 = ConvParallelism.start(part + 1, parts, plane);
        int n = j1 - j0;
        Gemm gemm = kernels.gemm();
        ConvScratch s = scratch.get();
        int[] bRows = s.ints(cinG);
        for (int nb = 0; nb < batch; nb++) {
            for (int g = 0; g < groups; g++) {
                int inOff = (nb * cin + g * cinG) * plane + j0;
                int outOff = (nb * cout + g * coutG) * plane + j0;
                for (int p = 0; p < cinG; p++) {
                    bRows[p] = inOff + p * plane;
                }
                // The input's channel rows are B as they are.
                product(gemm, g, coutG, n, x, bRows, y, outOff, plane, s.workspace);
            }
        }
    }

    private void depthwise(boolean inPlace, int part, int parts, float[] x, int batch, int h, int w, float[] y, int outH, int outW) {
        int channels = spec.inChannels();
        int multiplier = spec.outChannels() / channels;
        int paddedH = h + spec.paddingH().total();
        int paddedW = w + spec.paddingW().total();
        int taps = spec.kernelH() * spec.kernelW();
        // Parts take output channels; with one input channel they share its padded plane's
        // values but each pads its own copy (cheap next to multiplier * taps passes over it).
        int units = batch * spec.outChannels();
        int u0 = ConvParallelism.start(part, parts, units);
        int u1 = ConvParallelism.start(part + 1, parts, units);
        float[] padded = scratch.get().buffer(paddedH * paddedW);
        int paddedFor = -1;
        for (int u = u0; u < u1; u++) {
            int n = u / spec.outChannels();
            int oc = u % spec.outChannels();
            int source = n * channels + oc / multiplier;
            if (inPlace) {
                kernels.depthwise().correlateZeroPadded(x, source * h * w, h, w, spec.paddingH().before(),
                        spec.paddingW().before(), weight, oc * taps, spec.kernelH(), spec.kernelW(),
                        spec.strideH(), spec.strideW(), spec.dilationH(), spec.dilationW(), y, u * outH * outW,
                        outH, outW, bias == null ? 0f : bias[oc], padded);
                continue; // the kernel uses the buffer as its scratch
            }
            if (source != paddedFor) {
                PaddedPlanes.copy(1, x, source * h * w, h, w, spec.paddingH().before(), spec.paddingW().before(),
                        paddedH, paddedW, spec.paddingMode(), padded, 0);
                paddedFor = source;
            }
            kernels.depthwise().correlate(padded, 0, paddedH, paddedW, weight, oc * taps,
                    spec.kernelH(), spec.kernelW(), spec.strideH(), spec.strideW(),
                    spec.dilationH(), spec.dilationW(), y, u * outH * outW,
                    outH, outW, bias == null ? 0f : bias[oc]);
        }
    }
}
