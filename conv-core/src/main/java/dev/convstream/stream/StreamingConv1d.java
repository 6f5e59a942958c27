package dev.convstream.stream;

import dev.convstream.check.Require;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.LineAligned;
import dev.convstream.kernel.StreamingConvKernel;
import dev.convstream.spec.Conv1dSpec;

import java.util.Arrays;

/**
 * A {@link Conv1dSpec} convolution run block by block over an endless signal, with the same
 * results as the offline convolution of the whole signal.
 *
 * <h2>How</h2>
 * Each input channel keeps its recent past in a row of about {@code H + max(maxBlockSize, 8H, 1024)} frames
 * ({@code H = d(k-1)}) that slides forward block by block ({@link SlidingRows}, the rule's one
 * owner): the new block is written once, right
 * after the {@code H} frames of history, so history and block are one contiguous run. When a
 * block would run past the end of the row, the history is first moved to the row's front. At
 * least {@code max(n, 8H - n, 1024 - n)} frames of blocks of {@code n} come between two moves, so a move
 * costs at most a quarter of a frame per input frame on average (about an eighth for blocks short
 * against {@code H}), where the ring buffer stored twice it replaced (issue 18, case (g)) wrote
 * every frame twice. Only the window the kernel reads is touched per block.
 * At stride 1 the rows are whole 64-byte lines, in a {@link LineAligned} array (at least
 * 4 MB: its price), and a block's frame 0 after a move sits on a line (the history is rounded up
 * to a line in front of it): with blocks of whole lines, the kernel's vectors at the block's
 * frames (every tap when the dilation is a multiple of 16, as in case (g)) each load one cache
 * line instead of two (issue 18, case (g): ~10% of the block on the Xeon, BENCHMARKS.md).
 * <ul>
 *   <li>Stride 1: the {@link StreamingConvKernel} its family picks for the shape
 *       ({@link StreamingConvKernel#forShape}), with this layer's weights fixed once
 *       ({@link StreamingConvKernel#fix}: the vector family packs them), convolves
 *       straight from that run (every tap is a fixed offset into it), one call per group, bias
 *       included: no copy.</li>
 *   <li>Stride above 1: the block's im2col matrix ({@code [Cin*k][outputFrames]}, row
 *       {@code ci*k + tap}) is gathered from the rows and one GEMM per group multiplies the
 *       weight ({@code [Cout][Cin/g][k]} is already the {@code [Cout][Cin/g*k]} row-major A
 *       matrix) into the caller's output; the bias is added after.</li>
 * </ul>
 * With the scalar family both sum each output over channels, then taps, then the bias.
 *
 * <h2>Time alignment (the streaming rule)</h2>
 * Let {@code H = d(k-1)} and {@code latency = H - padding.before()}. Output frame {@code j} of
 * the offline convolution (input padded with zeros) reads input frames
 * {@code j*stride - before ... j*stride + latency}, so the stream emits it when input frame
 * {@code t = j*stride + latency} arrives:
 * <ul>
 *   <li>an output frame is emitted at every input frame {@code t} with
 *       {@code (t - latency) mod stride == 0}; the phase is kept across blocks, so a block of
 *       {@code n} frames yields {@code floor(n/stride)} or {@code ceil(n/stride)} frames (all
 *       {@code n} for stride 1), and {@link #process} returns how many;</li>
 *   <li>the emitted frame is offline output {@code (t - latency)/stride}, or zeros while that
 *       index is negative (the first {@code floor(latency/stride)} frames): the stream is the
 *       offline output delayed by {@code latency} input frames, like a delay line;</li>
 *   <li>the offline output's tail, which reads the {@code after} zeros past the end, comes out
 *       when the caller feeds {@code padding.after()} frames of silence after the signal.</li>
 * </ul>
 * Causal specs ({@code before = H, after = 0}) have latency 0; PyTorch's {@code 'same'} has
 * {@code latency = padding.after()}; {@code 'valid'} has {@code latency = H}.
 *
 * <p>Only zero padding streams: reflect, replicate and circular padding read values from the
 * far side of the signal's start or end, which do not exist yet when the first frames must be
 * emitted, so specs with those modes and non-zero padding are rejected. A left padding larger
 * than {@code H} would make outputs before the first input frame and is rejected too.
 *
 * <h2>Threading</h2>
 * {@link #prepare}, {@link #reset} and {@link #process} must not run concurrently. After
 * {@code prepare}, {@code process} and {@code reset} do not allocate, lock or log: they are safe
 * on an audio thread.
 */
public final class StreamingConv1d {

    private final Conv1dSpec spec;
    private final float[] weight;
    private final float[] bias;
    private final Gemm gemm;
    private final StreamingConvKernel.Fixed[] direct; // per group, stride 1 only
    private final boolean useDirect;

    private final int cin;
    private final int cout;
    private final int k;
    private final int dilation;
    private final int stride;
    private final int groups;
    private final int history;
    private final int latency;

    private final SlidingRows rows; // per input channel: history, block, room to slide into; on lines at stride 1

    // prepared state
    private int maxBlock;
    private float[] columns;    // [cin*k][maxOut], stride > 1 only
    private int maxOut;
    private Gemm.Workspace workspace;

    // stream position
    private int untilEmit;      // input frames to consume before the next emitted frame
    private long preRollLeft;   // emitted frames still to be zeroed (offline index < 0)

    /** As below, on {@link Kernels#preferred()}. */
    public StreamingConv1d(Conv1dSpec spec, float[] weight, float[] bias) {
        this(spec, weight, bias, Kernels.preferred());
    }

    /**
     * @param spec the convolution; padding mode must be ZEROS unless the padding is empty
     * @param weight {@code [Cout][Cin/groups][k]} flattened row-major (copied)
     * @param bias {@code [Cout]} (copied), or null when {@code spec.bias()} is false
     * @param kernels the kernel family whose GEMM does the work
     */
    public StreamingConv1d(Conv1dSpec spec, float[] weight, float[] bias, Kernels kernels) {
        Require.notNull("spec", spec);
        Require.notNull("kernels", kernels);
        this.spec = spec;
        this.cin = spec.inChannels();
        this.cout = spec.outChannels();
        this.k = spec.kernel();
        this.dilation = spec.dilation();
        this.stride = spec.stride();
        this.groups = spec.groups();
        this.history = dilation * (k - 1);
        StreamRules.checkStreamable("Conv1d", "length", spec.padding(), spec.paddingMode(), history);
        this.latency = history - spec.padding().before();
        this.weight = StreamRules.copyWeight(weight, spec.weightShape());
        this.bias = StreamRules.copyBias(bias, spec.bias(), cout);
        this.gemm = kernels.gemm();
        // Which streaming kernel suits the shape is the family's call; it needs stride 1. Its
        // weights are this layer's for good, so it may pack them once (StreamingConvKernel.fix).
        this.useDirect = stride == 1;
        // Stride 1: the rows come from LineAligned (at least 4 MB, see there) and a block's frame 0
        // after a move sits on a line, so with blocks of whole lines the kernel's vectors at the
        // block's frames (all taps when the dilation is a multiple of 16) each touch one line.
        this.rows = new SlidingRows(cin, history, useDirect);
        this.direct = new StreamingConvKernel.Fixed[useDirect ? groups : 0];
        StreamingConvKernel kernel = kernels.streamingConv().forShape(cout / groups, k, dilation);
        int cinG = cin / groups;
        int coutG = cout / groups;
        for (int g = 0; g < direct.length; g++) {
            direct[g] = kernel.fix(coutG, cinG, k, dilation, this.weight, g * coutG * cinG * k, this.bias, g * coutG);
        }
    }

    public Conv1dSpec spec() {
        return spec;
    }

    /**
     * Input frames by which the output lags the offline convolution:
     * {@code d(k-1) - padding.before()}, 0 for causal specs.
     */
    public int latency() {
        return latency;
    }

    /** Frames of past input kept per channel, {@code d(k-1)}. */
    public int history() {
        return history;
    }

    /** The most output frames one call with {@code frames} input frames can emit. */
    public int maxOutputFrames(int frames) {
        return (frames + stride - 1) / stride;
    }

    /**
     * Allocates the history rows, the im2col matrix and the GEMM workspace for blocks of up to
     * {@code maxBlockSize} frames, then {@link #reset}s. Not real-time safe.
     */
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        long columnsLong = useDirect ? 0 : (long) cin * k * ((maxBlockSize + stride - 1) / stride);
        if (columnsLong > Integer.MAX_VALUE - 8) {
            throw SlidingRows.tooLarge(maxBlockSize, cin, history);
        }
        rows.allocate(maxBlockSize);
        this.maxBlock = maxBlockSize;
        this.maxOut = maxOutputFrames(maxBlockSize);
        this.columns = new float[(int) columnsLong];
        this.workspace = gemm.newWorkspace(useDirect ? 0 : maxOut);
        reset();
    }

    /** Back to silence at the start of a signal: history zeroed, stride phase and latency restarted. */
    public void reset() {
        requirePrepared();
        rows.clear();
        untilEmit = Math.floorMod(latency, stride);
        preRollLeft = latency / stride;
    }

    /**
     * Back to a steady state: as if input channel {@code c} had held the constant
     * {@code level[c]} forever. Frame 0 of the next block is then at the start of the stride
     * phase, and nothing is zeroed as pre-roll (there is no signal start to delay): a start
     * from a known steady state without warming up on silence.
     */
    public void resetToConstant(float[] level) {
        requirePrepared();
        if (level == null || level.length != cin) {
            throw new IllegalArgumentException("level must have one value per input channel (" + cin
                    + "), found " + (level == null ? "null" : level.length));
        }
        rows.rewind();
        rows.fillHistory(level);
        untilEmit = 0;
        preRollLeft = 0;
    }

    /**
     * Consumes {@code frames} input frames and writes the output frames they complete.
     * Channel {@code c}, frame {@code t} of the input is {@code in[inOff + c*inStride + t]};
     * output channel {@code o}, frame {@code j} goes to {@code out[outOff + o*outStride + j]}.
     * {@code in} and {@code out} may be the same array only if the ranges do not overlap.
     *
     * @return the number of output frames written: {@code frames} for stride 1, else see the
     *     class comment
     * @throws IllegalArgumentException if frames is outside {@code [1, maxBlockSize]} or a
     *     range does not fit its array
     */
    public int process(float[] in, int inOff, int inStride, float[] out, int outOff, int outStride, int frames) {
        requirePrepared();
        Require.frames(frames, 1, maxBlock);
        int nOut = untilEmit >= frames ? 0 : (frames - untilEmit - 1) / stride + 1;
        StreamRules.checkPlanar("input", in, inOff, inStride, cin, frames);
        if (nOut > 0) {
            StreamRules.checkPlanar("output", out, outOff, outStride, cout, nOut);
        }
        write(in, inOff, inStride, frames);
        if (nOut > 0) {
            if (useDirect) {
                convolveDirect(out, outOff, outStride, nOut);
            } else {
                gatherColumns(untilEmit, nOut);
                multiply(out, outOff, outStride, nOut);
            }
            if (preRollLeft > 0) {
                int zeros = (int) Math.min(preRollLeft, nOut);
                for (int o = 0; o < cout; o++) {
                    int row = outOff + o * outStride;
                    Arrays.fill(out, row, row + zeros, 0f);
                }
                preRollLeft -= zeros;
            }
            untilEmit = untilEmit + nOut * stride - frames;
        } else {
            untilEmit -= frames;
        }
        rows.endBlock(frames);
        return nOut;
    }

    /** Stores the block in the rows, after first moving the history to the rows' front if it would not fit. */
    private void write(float[] in, int inOff, int inStride, int frames) {
        rows.beginBlock(frames);
        float[] data = rows.data();
        int pos = rows.pos();
        int rowLength = rows.rowLength();
        for (int c = 0; c < cin; c++) {
            System.arraycopy(in, inOff + c * inStride, data, pos + c * rowLength, frames);
        }
    }

    /** Stride 1: block frame 0 is at the rows' {@code pos}, its {@code d(k-1)} frames of history right before it. */
    private void convolveDirect(float[] out, int outOff, int outStride, int n) {
        int cinG = cin / groups;
        int coutG = cout / groups;
        float[] data = rows.data();
        int pos = rows.pos();
        int rowLength = rows.rowLength();
        for (int g = 0; g < groups; g++) {
            direct[g].correlate(data, pos + g * cinG * rowLength, rowLength,
                    out, outOff + g * coutG * outStride, outStride, n);
        }
    }

    /**
     * Stride above 1. Column j is the window ending at block frame {@code firstEnd + j*stride}
     * (index {@code pos + firstEnd + j*stride} in row 0); tap {@code kk} of it is {@code d(k-1-kk)}
     * frames earlier, never before the row's start (a block has {@code d(k-1)} frames of history
     * before it, {@code firstEnd >= 0}).
     */
    private void gatherColumns(int firstEnd, int nOut) {
        float[] data = rows.data();
        int pos = rows.pos();
        int rowLength = rows.rowLength();
        for (int c = 0; c < cin; c++) {
            int row = c * rowLength;
            for (int kk = 0; kk < k; kk++) {
                int at = row + pos + firstEnd - dilation * (k - 1 - kk);
                int col = (c * k + kk) * maxOut;
                for (int j = 0; j < nOut; j++) {
                    columns[col + j] = data[at + j * stride];
                }
            }
        }
    }

    private void multiply(float[] out, int outOff, int outStride, int nOut) {
        int cinG = cin / groups;
        int coutG = cout / groups;
        int depth = cinG * k;
        for (int g = 0; g < groups; g++) {
            gemm.multiply(coutG, nOut, depth,
                    weight, g * coutG * depth, depth,
                    columns, g * depth * maxOut, maxOut,
                    out, outOff + g * coutG * outStride, outStride,
                    false, workspace);
        }
        if (bias != null) {
            for (int o = 0; o < cout; o++) {
                float b = bias[o];
                int row = outOff + o * outStride;
                for (int j = 0; j < nOut; j++) {
                    out[row + j] += b;
                }
            }
        }
    }

    private void requirePrepared() {
        if (!rows.attached()) {
            throw new IllegalStateException("StreamingConv1d used before prepare(maxBlockSize)");
        }
    }

    @Override
    public String toString() {
        return "StreamingConv1d(" + cin + "->" + cout + ", k=" + k + ", d=" + dilation + ", s=" + stride
                + ", g=" + groups + ", latency=" + latency + ")";
    }
}
