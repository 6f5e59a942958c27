package dev.convstream.stream;

import dev.convstream.check.Require;
import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;

import java.util.Arrays;

/**
 * A {@link Conv2dSpec} convolution over a spectrogram that arrives one time frame at a time.
 *
 * <h2>Axes</h2>
 * The offline layout is PyTorch's {@code [N][C][H][W]} read as {@code [N][C][T][F]}: H (axis 2,
 * {@code kernelH}, {@code strideH}, {@code paddingH}, {@code dilationH}) is time, the streamed
 * axis; W (axis 3) is frequency, an ordinary axis with any padding mode, stride and dilation.
 * A frame is one time step, {@code [C][F]} row-major ({@code in[inOff + c*F + f]}); an output
 * frame is {@code [Cout][F']}.
 *
 * <h2>Time alignment</h2>
 * Exactly {@link StreamingConv1d}'s rule on the time axis: with {@code Ht = dilationH(kernelH-1)}
 * and {@code latency = Ht - paddingH.before()}, an output frame is emitted at every input frame
 * t with {@code (t - latency) mod strideH == 0}; it is offline output frame
 * {@code (t - latency)/strideH}, or zeros while that index is negative. Time padding must be
 * zeros (the padding mode then applies to frequency only, so a non-zeros mode requires
 * {@code paddingH} to be empty), and {@code paddingH.before() <= Ht}.
 *
 * <h2>How</h2>
 * Each input channel keeps the last {@code Ht + 1} frames in a ring; per frame the im2col
 * matrix {@code [Cin*kernelH*kernelW][F']} is gathered from the ring through a precomputed
 * frequency index table (the padding mode), then one GEMM per group.
 *
 * <p>Lifecycle: a {@link FrameProcessor}. The frequency bins of a frame are fixed configuration
 * (constructor); {@link #prepare} takes the maximum block size in frames, as everywhere.
 * Threading: as {@link StreamingConv1d}: {@code process} and {@code reset} do not allocate.
 */
public final class StreamingConv2d implements FrameProcessor {

    private final Conv2dSpec spec;
    private final float[] weight;
    private final float[] bias;
    private final Gemm gemm;
    private final int cin;
    private final int cout;
    private final int kt;
    private final int kf;
    private final int historyT;
    private final int latency;

    private final int bins;
    private final int outBins;
    private final int[] source;  // [outBins][kf]: input bin, or -1 for a padding zero
    private final int ringFrames;

    private int maxBlock;
    private float[] ring;      // [cin][ringFrames][bins]
    private float[] columns;   // [cin*kt*kf][outBins]
    private Gemm.Workspace workspace;

    private int writeSlot;
    private int untilEmit;
    private long preRollLeft;

    /** As below, on {@link Kernels#preferred()}. */
    public StreamingConv2d(Conv2dSpec spec, int frequencyBins, float[] weight, float[] bias) {
        this(spec, frequencyBins, weight, bias, Kernels.preferred());
    }

    /**
     * @param frequencyBins F, the bins of every input frame
     * @param weight {@code [Cout][Cin/groups][kernelH][kernelW]} flattened (copied)
     * @param bias {@code [Cout]} (copied), or null when {@code spec.bias()} is false
     * @throws IllegalArgumentException if the spec cannot stream in time, or the frequency
     *     padding does not fit {@code frequencyBins} (as offline)
     */
    public StreamingConv2d(Conv2dSpec spec, int frequencyBins, float[] weight, float[] bias, Kernels kernels) {
        Require.notNull("spec", spec);
        Require.notNull("kernels", kernels);
        Require.atLeastOne("frequencyBins", frequencyBins);
        this.spec = spec;
        this.cin = spec.inChannels();
        this.cout = spec.outChannels();
        this.kt = spec.kernelH();
        this.kf = spec.kernelW();
        this.historyT = spec.dilationH() * (kt - 1);
        StreamRules.checkStreamable("Conv2d", "time (H)", spec.paddingH(), spec.paddingMode(), historyT);
        this.latency = historyT - spec.paddingH().before();
        this.weight = StreamRules.copyWeight(weight, spec.weightShape());
        this.bias = StreamRules.copyBias(bias, spec.bias(), cout);
        this.gemm = kernels.gemm();
        int fOut = spec.outputWidth(frequencyBins); // checks the padding mode's limits
        int[] src = new int[fOut * kf];
        for (int fo = 0; fo < fOut; fo++) {
            for (int c = 0; c < kf; c++) {
                int f = fo * spec.strideW() - spec.paddingW().before() + c * spec.dilationW();
                src[fo * kf + c] = spec.paddingMode().sourceIndex(f, frequencyBins);
            }
        }
        this.bins = frequencyBins;
        this.outBins = fOut;
        this.source = src;
        this.ringFrames = historyT + 1;
    }

    public Conv2dSpec spec() {
        return spec;
    }

    /** Input frames the output lags the offline convolution by (see the class comment). */
    @Override
    public int latency() {
        return latency;
    }

    /** F, the input's frequency bins. */
    public int frequencyBins() {
        return bins;
    }

    /** F', the output's frequency bins. */
    public int outputBins() {
        return outBins;
    }

    /** {@code Cin * F}, the floats of one input frame. */
    @Override
    public int inputSize() {
        return cin * bins;
    }

    /** {@code Cout * F'}, the floats of one output frame. */
    @Override
    public int outputSize() {
        return cout * outBins;
    }

    /**
     * Allocates the ring, the im2col matrix and the GEMM workspace, then {@link #reset}s. Frames
     * are convolved one at a time, so {@code maxBlockSize} only bounds the frames of one call.
     */
    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        this.ring = new float[cin * ringFrames * bins];
        this.columns = new float[cin * kt * kf * outBins];
        this.workspace = gemm.newWorkspace(outBins);
        this.maxBlock = maxBlockSize;
        reset();
    }

    /** Back to silence: history zeroed, stride phase and latency restarted. */
    public void reset() {
        requirePrepared();
        Arrays.fill(ring, 0f);
        writeSlot = 0;
        untilEmit = Math.floorMod(latency, spec.strideH());
        preRollLeft = latency / spec.strideH();
    }

    /**
     * Consumes {@code frames} input frames {@code [C][F]} from {@code in[inOff..]}, frame-major,
     * and writes the output frames {@code [Cout][F']} they complete to {@code out[outOff..]}.
     *
     * @return the output frames written: {@code frames} for time stride 1, else see the class comment
     */
    @Override
    public int process(float[] in, int inOff, float[] out, int outOff, int frames) {
        StreamRules.checkFrames(this, maxBlock, frames);
        int nOut = untilEmit >= frames ? 0 : (frames - untilEmit - 1) / spec.strideH() + 1;
        StreamRules.checkFrameBlock("input", in, inOff, inputSize(), frames);
        StreamRules.checkFrameBlock("output", out, outOff, outputSize(), nOut);
        int emitted = 0;
        for (int t = 0; t < frames; t++) {
            if (processFrame(in, inOff + t * cin * bins, out, outOff + emitted * cout * outBins)) {
                emitted++;
            }
        }
        return emitted;
    }

    private boolean processFrame(float[] in, int inOff, float[] out, int outOff) {
        for (int c = 0; c < cin; c++) {
            System.arraycopy(in, inOff + c * bins, ring, (c * ringFrames + writeSlot) * bins, bins);
        }
        int slot = writeSlot;
        writeSlot = writeSlot + 1 == ringFrames ? 0 : writeSlot + 1;
        if (untilEmit > 0) {
            untilEmit--;
            return false;
        }
        untilEmit = spec.strideH() - 1;
        if (preRollLeft > 0) {
            preRollLeft--;
            Arrays.fill(out, outOff, outOff + cout * outBins, 0f);
            return true;
        }
        gather(slot);
        int groups = spec.groups();
        int coutG = cout / groups;
        int depth = cin / groups * kt * kf;
        for (int g = 0; g < groups; g++) {
            gemm.multiply(coutG, outBins, depth, weight, g * coutG * depth, depth,
                    columns, g * depth * outBins, outBins,
                    out, outOff + g * coutG * outBins, outBins, false, workspace);
        }
        if (bias != null) {
            for (int o = 0; o < cout; o++) {
                float b = bias[o];
                int row = outOff + o * outBins;
                for (int j = 0; j < outBins; j++) {
                    out[row + j] += b;
                }
            }
        }
        return true;
    }

    /** Row {@code (ci*kt + a)*kf + c}: tap (a, c) of every output bin, from the frame {@code d(kt-1-a)} back. */
    private void gather(int newestSlot) {
        int dt = spec.dilationH();
        for (int ci = 0; ci < cin; ci++) {
            for (int a = 0; a < kt; a++) {
                int slot = newestSlot - dt * (kt - 1 - a);
                if (slot < 0) {
                    slot += ringFrames;
                }
                int frame = (ci * ringFrames + slot) * bins;
                for (int c = 0; c < kf; c++) {
                    int row = ((ci * kt + a) * kf + c) * outBins;
                    for (int fo = 0; fo < outBins; fo++) {
                        int f = source[fo * kf + c];
                        columns[row + fo] = f < 0 ? 0f : ring[frame + f];
                    }
                }
            }
        }
    }

    private void requirePrepared() {
        if (ring == null) {
            throw new IllegalStateException("StreamingConv2d used before prepare(maxBlockSize)");
        }
    }

    @Override
    public String toString() {
        return "StreamingConv2d(" + cin + "->" + cout + ", k=" + kt + "x" + kf + ", time latency=" + latency + ")";
    }
}
