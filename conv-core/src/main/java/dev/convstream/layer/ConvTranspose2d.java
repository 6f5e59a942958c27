package dev.convstream.layer;

import dev.convstream.check.Require;
import dev.convstream.kernel.Col2im;
import dev.convstream.kernel.ConvGeometry;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.PhasePlan;
import dev.convstream.kernel.TransposedScatter;
import dev.convstream.report.ReceptiveField;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * PyTorch's {@code ConvTranspose2d}: input {@code [N][Cin][H][W]}, weight
 * {@code [Cin][Cout/groups][kh][kw]}, bias {@code [Cout]} or none. Padding crops the full
 * output ({@code before} at the start, {@code after} at the end); {@code output_padding} extends
 * the end.
 *
 * <p>When every stride phase of the output has a tap (kernel at least the stride: the usual
 * upsampling layers), computed as {@code strideH*strideW} plain correlations, one per output
 * phase ({@link SubPixelPhases}): per (batch item, group, phase) one GEMM of the phase's packed
 * taps {@code [Cout/groups][(Cin/groups)*phaseTaps]} with the zero-padded input read in place at
 * each tap's shift ({@link SubPixelLayout}), the bias as the GEMM's starting value, into phase
 * planes that {@link TransposedScatter#interleave} then writes out. Every output is written
 * once: no column matrix, no scatter.
 *
 * <p>Otherwise (or when the phase planes exceed the column budget), computed per (batch item,
 * group) as one GEMM, {@code columns = W_g^T · x}, with {@code W_g^T} of shape
 * {@code [(Cout/groups)*kh*kw][Cin/groups]} arranged once at construction, followed by
 * {@link Col2im}, which adds every column entry onto its output position (dropping the cropped
 * ones) over outputs pre-filled with the bias.
 */
public final class ConvTranspose2d implements Layer {
    private final ConvTranspose2dSpec spec;
    private final float[] weight;
    /** Per group, {@code [(Cout/groups)*kh*kw][Cin/groups]}: the GEMM's left operand. */
    private final float[] weightT;
    /**
     * {@code [group][part]}: each part's rows of {@code weightT} (its output channels) packed for
     * the GEMM once, at construction, for the split this instance's parallelism makes.
     */
    private final Gemm.PackedMatrix[][] packedWeightT;
    /** The stride phases as correlations, or null when some phase has no tap. */
    private final SubPixelPhases subPixel;
    /**
     * {@code [group][phase]}: each phase's taps, {@code [Cout/groups][(Cin/groups)*phaseTaps]}
     * with k ordered (input channel, tap), packed at construction; null without
     * {@link #subPixel}. Split calls divide by output rows, so one packing serves every split.
     */
    private final Gemm.PackedMatrix[][] packedPhases;
    /** The last input size's sub-pixel layout; immutable, so a racy update only costs a rebuild. */
    private volatile SubPixelLayout layout;
    private final float[] bias;
    private final Kernels kernels;
    private final int columnBudget;
    private final ConvParallelism parallelism;
    private final ThreadLocal<ConvScratch> scratch;
    /** The last input size's phases; immutable, so a racy update only costs a rebuild. */
    private volatile PhasePlan plan;

    /**
     * @param weight {@code [Cin][Cout/groups][kh][kw]}
     * @param bias {@code [Cout]}, or null exactly when {@code !spec.bias()}
     * @throws IllegalArgumentException naming the tensor at fault, with expected and found shapes
     */
    public ConvTranspose2d(ConvTranspose2dSpec spec, Tensor weight, Tensor bias, Kernels kernels) {
        this(spec, weight, bias, kernels, ColumnTiles.DEFAULT_BUDGET);
    }

    /** {@code columnBudget} caps the column workspace (floats, see {@link ColumnTiles}); tests shrink it. */
    ConvTranspose2d(ConvTranspose2dSpec spec, Tensor weight, Tensor bias, Kernels kernels, int columnBudget) {
        this.spec = Require.notNull("spec", spec);
        this.weight = ConvArguments.weight(weight, spec.weightShape());
        this.bias = ConvArguments.bias(bias, spec.bias(), spec.outChannels());
        this.kernels = Require.notNull("kernels", kernels);
        this.weightT = transpose(spec, this.weight);
        Require.atLeastOne("columnBudget", columnBudget);
        this.columnBudget = columnBudget;
        this.parallelism = ConvParallelism.SINGLE;
        this.packedWeightT = packWeightT(1);
        SubPixelPhases phases = new SubPixelPhases(spec);
        this.subPixel = phases.everyPhaseHasTaps() ? phases : null;
        this.packedPhases = packPhases();
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    /** {@code other} with another parallelism; weights are shared (they are never written). */
    private ConvTranspose2d(ConvTranspose2d other, ConvParallelism parallelism) {
        this.spec = other.spec;
        this.weight = other.weight;
        this.weightT = other.weightT;
        this.bias = other.bias;
        this.kernels = other.kernels;
        this.columnBudget = other.columnBudget;
        this.parallelism = parallelism;
        this.packedWeightT = packWeightT(parallelism.parts(spec.outChannels() / spec.groups()));
        this.subPixel = other.subPixel;
        this.packedPhases = other.packedPhases;
        this.scratch = ThreadLocal.withInitial(() -> new ConvScratch(this.kernels.gemm()));
    }

    /** As above, on {@link Kernels#preferred()}. */
    public ConvTranspose2d(ConvTranspose2dSpec spec, Tensor weight, Tensor bias) {
        this(spec, weight, bias, Kernels.preferred());
    }

    private static float[] transpose(ConvTranspose2dSpec spec, float[] w) {
        int groups = spec.groups();
        int cinG = spec.inChannels() / groups;
        int rows = spec.outChannels() / groups * spec.kernelH() * spec.kernelW(); // (co, ky, kx)
        float[] t = new float[w.length];
        for (int g = 0; g < groups; g++) {
            int block = g * cinG * rows;
            for (int ci = 0; ci < cinG; ci++) {
                for (int r = 0; r < rows; r++) {
                    t[block + r * cinG + ci] = w[block + ci * rows + r];
                }
            }
        }
        return t;
    }

    public ConvTranspose2dSpec spec() {
        return spec;
    }

    /** A copy of the weight, {@code [Cin][Cout/groups][kh][kw]}. */
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

    @Override
    public String describe() {
        return "ConvTranspose2d(" + spec.inChannels() + "->" + spec.outChannels()
                + ", k=" + ConvArguments.pair(spec.kernelH(), spec.kernelW())
                + ", s=" + ConvArguments.pair(spec.strideH(), spec.strideW())
                + ", p=" + ConvArguments.padding(spec.paddingH()) + "x" + ConvArguments.padding(spec.paddingW())
                + ", op=" + ConvArguments.pair(spec.outputPaddingH(), spec.outputPaddingW())
                + ", d=" + ConvArguments.pair(spec.dilationH(), spec.dilationW())
                + ", g=" + spec.groups() + (spec.bias() ? ", bias" : ", no bias") + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return spec.outputShape(inputShape);
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    /**
     * {@code N * Cin * H * W * (Cout/groups) * kh * kw}: every input value meets every tap of its
     * group, including products that land in the cropped border. Bias additions are not counted.
     */
    @Override
    public long macs(int[] inputShape) {
        outputShape(inputShape);
        return (long) inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3]
                * (spec.outChannels() / spec.groups()) * spec.kernelH() * spec.kernelW();
    }

    /**
     * Per axis: size {@code ceil(span/stride)} with {@code span = d(k-1)+1}, the most input
     * positions one output can depend on, and jump 1. The true jump is {@code 1/stride} (outputs
     * are denser than inputs), which an integer cannot hold; 1 over-estimates it, so the
     * composed field of a stack stays an upper bound.
     */
    @Override
    public ReceptiveField receptiveField() {
        int spanH = spec.dilationH() * (spec.kernelH() - 1) + 1;
        int spanW = spec.dilationW() * (spec.kernelW() - 1) + 1;
        return ReceptiveField.of2d(ceilDiv(spanH, spec.strideH()), ceilDiv(spanW, spec.strideW()), 1, 1);
    }

    private Gemm.PackedMatrix[][] packWeightT(int parts) {
        int groups = spec.groups();
        int coutG = spec.outChannels() / groups;
        int taps = spec.kernelH() * spec.kernelW();
        int cinG = spec.inChannels() / groups;
        Gemm.PackedMatrix[][] packed = new Gemm.PackedMatrix[groups][parts];
        for (int g = 0; g < groups; g++) {
            for (int part = 0; part < parts; part++) {
                int c0 = ConvParallelism.start(part, parts, coutG);
                int c1 = ConvParallelism.start(part + 1, parts, coutG);
                packed[g][part] = kernels.gemm().pack((c1 - c0) * taps, cinG, weightT,
                        (g * coutG + c0) * taps * cinG, cinG);
            }
        }
        return packed;
    }

    private Gemm.PackedMatrix[][] packPhases() {
        if (subPixel == null) {
            return null;
        }
        int groups = spec.groups();
        int coutG = spec.outChannels() / groups;
        int cinG = spec.inChannels() / groups;
        int taps = spec.kernelH() * spec.kernelW();
        Gemm.PackedMatrix[][] packed = new Gemm.PackedMatrix[groups][subPixel.phases()];
        for (int g = 0; g < groups; g++) {
            for (int ph = 0; ph < subPixel.phases(); ph++) {
                int nt = subPixel.taps(ph);
                int k = cinG * nt;
                float[] a = new float[coutG * k];
                for (int co = 0; co < coutG; co++) {
                    for (int ci = 0; ci < cinG; ci++) {
                        for (int j = 0; j < nt; j++) {
                            int tap = subPixel.tapsOf[subPixel.phaseStart[ph] + j];
                            a[co * k + ci * nt + j] = weight[((g * cinG + ci) * coutG + co) * taps + tap];
                        }
                    }
                }
                packed[g][ph] = kernels.gemm().pack(coutG, k, a, 0, k);
            }
        }
        return packed;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public Tensor forward(Tensor input) {
        Require.notNull("input", input);
        Tensor output = Tensor.zeros(spec.outputShape(input.shape()));
        compute(input.data(), input.dim(0), input.dim(2), input.dim(3), output.data());
        return output;
    }

    /**
     * {@link #forward(Tensor)} into a caller-owned output of shape {@link #outputShape},
     * overwritten. With a reused output and input shape, a single-task call allocates nothing:
     * shapes are checked without building arrays, and scratch is kept per thread.
     */
    public void forward(Tensor input, Tensor output) {
        ConvArguments.checkForward(spec, input, output);
        compute(input.data(), input.dim(0), input.dim(2), input.dim(3), output.data());
    }

    /**
     * This layer (weights shared) splitting each call into {@code tasks} parts by output channel,
     * the extra parts on the {@link SpinningWorkers#shared() shared workers}; results are
     * identical to one task.
     */
    public ConvTranspose2d withParallelism(int tasks) {
        return withParallelism(ConvParallelism.of(tasks));
    }

    /** As {@link #withParallelism(int)}, the extra parts run on {@code executor}. */
    public ConvTranspose2d withParallelism(int tasks, Executor executor) {
        return withParallelism(tasks == 1 ? ConvParallelism.SINGLE : new ConvParallelism(tasks, executor));
    }

    /** This layer with {@code parallelism} as it is (tests split small calls with {@link ConvParallelism#always}). */
    ConvTranspose2d withParallelism(ConvParallelism parallelism) {
        return new ConvTranspose2d(this, parallelism);
    }

    /** The phases of this input size, built on the first call of that size and then reused. */
    private PhasePlan plan(int inH, int inW) {
        PhasePlan p = plan;
        if (p == null || p.geometry().gridH() != inH || p.geometry().gridW() != inW) {
            int[] out = spec.outputShape(new int[] {1, spec.inChannels(), inH, inW});
            p = new PhasePlan(new ConvGeometry(out[2], out[3], spec.kernelH(), spec.kernelW(),
                    spec.strideH(), spec.strideW(), spec.paddingH().before(), spec.paddingW().before(),
                    spec.dilationH(), spec.dilationW(), inH, inW, PaddingMode.ZEROS));
            plan = p;
        }
        return p;
    }

    /**
     * The sub-pixel layout of this input size, built on the first call of that size and then
     * reused; null when the sub-pixel path does not apply, or its phase planes for all of a
     * group's output channels would exceed the column budget (a condition independent of the
     * split, so that split and unsplit calls take the same path).
     */
    private SubPixelLayout subPixelLayout(int inH, int inW) {
        if (subPixel == null) {
            return null;
        }
        SubPixelLayout l = layout;
        if (l == null || l.inH != inH || l.inW != inW) {
            int[] out = spec.outputShape(new int[] {1, spec.inChannels(), inH, inW});
            l = new SubPixelLayout(subPixel, inH, inW, out[2], out[3]);
            layout = l;
        }
        long staged = (long) spec.outChannels() / spec.groups() * subPixel.phases() * l.phasePlane();
        return staged <= columnBudget ? l : null;
    }

    /** The transposed convolution of {@code batch} planes of {@code inH x inW}; shapes already checked. */
    void compute(float[] x, int batch, int inH, int inW, float[] y) {
        SubPixelLayout sub = subPixelLayout(inH, inW);
        if (sub != null) {
            subPixel(sub, batch, x, y);
            return;
        }
        PhasePlan phases = plan(inH, inW);
        ConvGeometry geometry = phases.geometry();
        int coutG = spec.outChannels() / spec.groups();
        if ((long) geometry.taps() * geometry.gridSize() > columnBudget) {
            computeTiled(geometry, batch, x, y);
        } else if (!parallelism.splits((long) batch * geometry.gridSize() * spec.inChannels() * coutG * geometry.taps())
                || coutG == 1) {
            phasePart(0, 1, phases, batch, x, y);
        } else {
            parallelism.run((part, parts) -> phasePart(part, parts, phases, batch, x, y), coutG);
        }
    }

    /**
     * The sub-pixel path. Parts take bands of phase rows (row phase by row phase) and every
     * output channel, so each GEMM keeps its full height, and there are more parts than threads
     * (a helper that starts late still finds work). Parts that run together write rows far apart:
     * parts of whole row phases (even and odd output rows) ran no faster on two threads than one
     * part after the other (BENCHMARKS.md, "(f) conv_transpose2d as four phase GEMMs").
     */
    private void subPixel(SubPixelLayout l, int batch, float[] x, float[] y) {
        int coutG = spec.outChannels() / spec.groups();
        int rows = subPixel.strideH * l.maxRows;
        long macs = (long) batch * l.inH * l.inW * spec.inChannels() * coutG * spec.kernelH() * spec.kernelW();
        if (parallelism.splits(macs)) {
            parallelism.run((part, parts) -> subPixelRows(ConvParallelism.start(part, parts, rows),
                    ConvParallelism.start(part + 1, parts, rows), l, batch, x, y), rows);
        } else {
            subPixelRows(0, rows, l, batch, x, y);
        }
    }

    /**
     * Phase rows {@code [from, to)} of the sequence (row phase 0's rows, then row phase 1's, ...):
     * pads the input rows they read into this thread's buffer, then per batch item, group and
     * row phase, one GEMM per phase over those rows into the phase's
     * plane of the staging buffer ({@link SubPixelLayout#staged}), then one interleave of the
     * output rows they make.
     */
    private void subPixelRows(int from, int to, SubPixelLayout l, int batch, float[] x, float[] y) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int sw = subPixel.strideW;
        int maxRows = l.maxRows;
        int phasePlane = l.phasePlane();
        int channelStride = l.staged.channelStride();
        int outPlane = l.outH * l.outW;
        ConvScratch s = scratch.get();
        // Phase rows [from, to) lie in row phases from/maxRows .. (to-1)/maxRows; a part that
        // spans two row phases reads rows near both ends of the input.
        int pyFirst = from / maxRows;
        int pyLast = (to - 1) / maxRows;
        long rowsFirst = l.rowsRead(from - pyFirst * maxRows, pyFirst == pyLast ? to - pyFirst * maxRows : maxRows);
        long rowsLast = l.rowsRead(pyFirst == pyLast ? from - pyLast * maxRows : 0, to - pyLast * maxRows);
        int padFrom = (int) Math.min(rowsFirst >>> 32, rowsLast >>> 32);
        int padTo = (int) Math.max(rowsFirst & 0xFFFFFFFFL, rowsLast & 0xFFFFFFFFL);
        float[] copy = s.buffer(l.copySize(batch * cin));
        l.pad(x, batch * cin, copy, padFrom, padTo);
        float[] staged = s.second(coutG * channelStride);
        int[] bRows = s.ints(cinG * spec.kernelH() * spec.kernelW());
        Gemm gemm = kernels.gemm();
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                int planeBase = l.lead + (n * cin + g * cinG) * l.plane;
                for (int py = from / maxRows; py * maxRows < to; py++) {
                    int q0 = Math.max(0, from - py * maxRows);
                    int q1 = Math.min(l.phaseRows[py], to - py * maxRows);
                    if (q0 >= q1) {
                        continue;
                    }
                    for (int ph = py * sw; ph < (py + 1) * sw; ph++) {
                        if (l.phaseCols[ph % sw] == 0) {
                            continue; // no output in this phase; the interleave reads none of it
                        }
                        int first = subPixel.phaseStart[ph];
                        int nt = subPixel.taps(ph);
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int j = 0; j < nt; j++) {
                                bRows[ci * nt + j] = planeBase + ci * l.plane
                                        + l.tapStart[subPixel.tapsOf[first + j]] + q0 * l.pitch;
                            }
                        }
                        int c = ph * phasePlane + q0 * l.pitch;
                        if (bias == null) {
                            gemm.multiply(packedPhases[g][ph], (q1 - q0) * l.pitch, copy, bRows, staged, c,
                                    channelStride, false, s.workspace);
                        } else {
                            gemm.multiply(packedPhases[g][ph], (q1 - q0) * l.pitch, copy, bRows, bias, g * coutG,
                                    staged, c, channelStride, s.workspace);
                        }
                    }
                    kernels.transposedScatter().interleave(l.staged, coutG, py, q0, q1, staged, 0, y,
                            (n * cout + g * coutG) * outPlane);
                }
            }
        }
    }

    /**
     * One part's output channels of each group (their rows of W^T and their output planes), in
     * chunks of whole channels small enough for the column budget: each chunk is one GEMM over
     * the whole input plane, then the phase scatter writes its output planes.
     */
    private void phasePart(int part, int parts, PhasePlan phases, int batch, float[] x, float[] y) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        ConvGeometry geometry = phases.geometry();
        int taps = geometry.taps();
        int rows = coutG * taps;
        int inPlane = geometry.gridSize();
        int outPlane = geometry.imageSize();
        int c0 = ConvParallelism.start(part, parts, coutG);
        int c1 = ConvParallelism.start(part + 1, parts, coutG);
        int chunk = (int) Math.max(1, Math.min(c1 - c0, columnBudget / ((long) taps * inPlane)));
        ConvScratch s = scratch.get();
        int columnsOff = phases.marginBefore();
        // [margin | column matrix of a chunk | margin | phase planes]
        int workOff = columnsOff + chunk * taps * inPlane + phases.marginAfter();
        float[] columns = s.buffer(workOff + phases.workSize());
        Gemm gemm = kernels.gemm();
        TransposedScatter scatter = kernels.transposedScatter();
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < groups; g++) {
                int inOff = (n * cin + g * cinG) * inPlane;
                for (int c = c0; c < c1; c += chunk) {
                    int channels = Math.min(chunk, c1 - c);
                    if (channels == c1 - c0 && parts == packedWeightT[g].length) {
                        gemm.multiply(packedWeightT[g][part], inPlane, x, inOff, inPlane, columns, columnsOff, inPlane,
                                false, s.workspace);
                    } else {
                        gemm.multiply(channels * taps, inPlane, cinG, weightT, (g * rows + c * taps) * cinG, cinG,
                                x, inOff, inPlane, columns, columnsOff, inPlane, false, s.workspace);
                    }
                    scatter.scatter(phases, channels, columns, columnsOff, bias, g * coutG + c,
                            y, (n * cout + g * coutG + c) * outPlane, columns, workOff);
                }
            }
        }
    }

    /**
     * When even one channel's column matrix exceeds the budget: tiles of the input grid (bands
     * of rows, or segments of one row), each scattered by the scalar {@link Col2im} onto
     * bias-filled outputs, since an output row gathers from several input rows.
     */
    private void computeTiled(ConvGeometry geometry, int batch, float[] x, float[] y) {
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int taps = geometry.taps();
        int rows = coutG * taps;
        int inH = geometry.gridH();
        int inW = geometry.gridW();
        int inPlane = geometry.gridSize();
        int outPlane = geometry.imageSize();
        // Parts take output channels of each group: their rows of W^T and their output planes,
        // so the scatter of one part never lands on another's outputs.
        parallelism.run((part, parts) -> {
            int c0 = ConvParallelism.start(part, parts, coutG);
            int c1 = ConvParallelism.start(part + 1, parts, coutG);
            int partRows = (c1 - c0) * taps;
            // Tiles cut for all channels, not this part's: the order in which Col2im adds the
            // tiles into an output then does not depend on the split (one task or several).
            ColumnTiles tiles = ColumnTiles.plan(inH, inW, rows, columnBudget);
            ConvScratch s = scratch.get();
            float[] columns = s.buffer(tiles.columnValues(partRows));
            Gemm gemm = kernels.gemm();
            for (int n = 0; n < batch; n++) {
                for (int g = 0; g < groups; g++) {
                    int inOff = (n * cin + g * cinG) * inPlane;
                    int outOff = (n * cout + g * coutG + c0) * outPlane;
                    for (int c = c0; c < c1; c++) {
                        int from = (n * cout + g * coutG + c) * outPlane;
                        Arrays.fill(y, from, from + outPlane, bias == null ? 0f : bias[g * coutG + c]);
                    }
                    for (int y0 = 0; y0 < inH; y0 += tiles.bandRows()) {
                        int bandRows = Math.min(tiles.bandRows(), inH - y0);
                        for (int x0 = 0; x0 < inW; x0 += tiles.segmentCols()) {
                            int segmentCols = Math.min(tiles.segmentCols(), inW - x0);
                            int tile = bandRows * segmentCols;
                            gemm.multiply(partRows, tile, cinG, weightT, (g * rows + c0 * taps) * cinG, cinG,
                                    x, inOff + y0 * inW + x0, inPlane, columns, 0, tile, false, s.workspace);
                            Col2im.accumulate(geometry.tile(y0, bandRows, x0, segmentCols), c1 - c0,
                                    columns, 0, y, outOff);
                        }
                    }
                }
            }
        }, coutG);
    }
}
