package dev.convstream.features.cnn;

import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.PaddingMode;

import java.util.Arrays;

/**
 * A {@link Conv2dSpec} convolution run one time frame at a time, causal in time: the streamed
 * axis is W (time), H (mel band / feature) is an ordinary axis with any padding mode, stride
 * and dilation. Written here because the project's StreamingConv2d (branch {@code stream})
 * had not landed; it follows the same alignment rule as
 * {@link dev.convstream.stream.StreamingConv1d}.
 *
 * <h2>How</h2>
 * A ring holds the last {@code d_w(k_w-1) + 1} input frames ({@code [Cin][H]} each). Per
 * frame, the im2col matrix {@code [Cin*kh*kw][H']} (row {@code (ci*kh + i)*kw + j}, the
 * weight's own flattening) is gathered from the ring through a precomputed H source-index
 * table, and one GEMM per group writes {@code [Cout][H']}; the bias is added after.
 *
 * <h2>Time alignment</h2>
 * With history {@code H_t = d_w(k_w-1)} and time padding {@code (before, after)} (zeros only),
 * the frame emitted at input frame t is offline output frame {@code t - latency},
 * {@code latency = H_t - before}: 0 for causal padding {@code (H_t, 0)}. A left padding larger
 * than {@code H_t}, a time stride other than 1, or a non-zero padding mode with time padding
 * cannot be streamed and is rejected. The history starts as zeros, as offline zero padding.
 *
 * <p>{@link #step} does not allocate; instances are not thread-safe.
 */
public final class FrameConv2d {
    private final Conv2dSpec spec;
    private final float[] weight;
    private final float[] bias;
    private final Gemm gemm;
    private final Gemm.Workspace workspace;
    private final int cin;
    private final int cout;
    private final int kh;
    private final int kw;
    private final int dw;
    private final int inH;
    private final int outH;
    private final int slots;
    private final int latency;
    private final int[] source;   // [kh][outH] -> input row or -1
    private final float[] ring;   // [slots][cin][inH]
    private final float[] columns;
    private int newest;           // slot of the newest frame

    /**
     * @param weight {@code [Cout][Cin/g][kh][kw]} row-major (copied)
     * @param bias   {@code [Cout]} or null when the spec has none (copied)
     * @param inHeight H of each input frame
     */
    public FrameConv2d(Conv2dSpec spec, float[] weight, float[] bias, int inHeight, Kernels kernels) {
        this.spec = spec;
        int history = spec.dilationW() * (spec.kernelW() - 1);
        String what = "streaming Conv2d " + spec.inChannels() + "->" + spec.outChannels();
        if (spec.strideW() != 1) {
            throw new IllegalArgumentException(what + ": time (W) stride must be 1 to stream frame by frame, found "
                    + spec.strideW());
        }
        if (spec.paddingW().total() > 0 && spec.paddingMode() != PaddingMode.ZEROS) {
            throw new IllegalArgumentException(what + ": padding_mode " + spec.paddingMode().torchName()
                    + " with time (W) padding " + spec.paddingW() + " cannot be streamed; use zeros or no time padding");
        }
        if (spec.paddingW().before() > history) {
            throw new IllegalArgumentException(what + ": time (W) left padding " + spec.paddingW().before()
                    + " exceeds the kernel history d(k-1) = " + history + ", so outputs would precede the input");
        }
        spec.paddingMode().checkApplicable("mel (H) axis", inHeight, spec.paddingH().before(), spec.paddingH().after());
        this.latency = history - spec.paddingW().before();
        this.cin = spec.inChannels();
        this.cout = spec.outChannels();
        this.kh = spec.kernelH();
        this.kw = spec.kernelW();
        this.dw = spec.dilationW();
        this.inH = inHeight;
        this.outH = spec.outputHeight(inHeight);
        int size = cout * (cin / spec.groups()) * kh * kw;
        if (weight == null || weight.length != size) {
            throw new IllegalArgumentException(what + ": weight must have " + size + " values for shape "
                    + Arrays.toString(spec.weightShape()) + ", found " + (weight == null ? "null" : weight.length));
        }
        if (spec.bias() != (bias != null) || (bias != null && bias.length != cout)) {
            throw new IllegalArgumentException(what + ": bias must be " + (spec.bias() ? cout + " values" : "absent")
                    + ", found " + (bias == null ? "null" : bias.length + " values"));
        }
        this.weight = weight.clone();
        this.bias = bias == null ? null : bias.clone();
        this.gemm = kernels.gemm();
        this.workspace = gemm.newWorkspace();
        this.slots = history + 1;
        this.source = new int[kh * outH];
        for (int i = 0; i < kh; i++) {
            for (int o = 0; o < outH; o++) {
                int pos = o * spec.strideH() - spec.paddingH().before() + i * spec.dilationH();
                source[i * outH + o] = spec.paddingMode().sourceIndex(pos, inH);
            }
        }
        this.ring = new float[slots * cin * inH];
        this.columns = new float[cin * kh * kw * outH];
    }

    public Conv2dSpec spec() {
        return spec;
    }

    /** Frames by which this layer's output lags the offline convolution. */
    public int latency() {
        return latency;
    }

    public int inputSize() {
        return cin * inH;
    }

    public int outputHeight() {
        return outH;
    }

    public int outputSize() {
        return cout * outH;
    }

    /** Zero history. */
    public void reset() {
        Arrays.fill(ring, 0f);
        newest = 0;
    }

    /**
     * Consumes one input frame {@code [Cin][H]} at {@code in[inOff..]} (zeros instead when
     * {@code zero}) and writes one output frame {@code [Cout][H']} at {@code out[outOff..]}.
     */
    public void step(float[] in, int inOff, boolean zero, float[] out, int outOff) {
        newest = newest + 1 == slots ? 0 : newest + 1;
        int frame = cin * inH;
        if (zero) {
            Arrays.fill(ring, newest * frame, (newest + 1) * frame, 0f);
        } else {
            System.arraycopy(in, inOff, ring, newest * frame, frame);
        }
        for (int c = 0; c < cin; c++) {
            for (int j = 0; j < kw; j++) {
                int slot = newest - dw * (kw - 1 - j);
                if (slot < 0) {
                    slot += slots;
                }
                int src = slot * frame + c * inH;
                for (int i = 0; i < kh; i++) {
                    int row = ((c * kh + i) * kw + j) * outH;
                    int table = i * outH;
                    for (int o = 0; o < outH; o++) {
                        int s = source[table + o];
                        columns[row + o] = s < 0 ? 0f : ring[src + s];
                    }
                }
            }
        }
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        int depth = cinG * kh * kw;
        for (int g = 0; g < groups; g++) {
            gemm.multiply(coutG, outH, depth, weight, g * coutG * depth, depth,
                    columns, g * depth * outH, outH, out, outOff + g * coutG * outH, outH, false, workspace);
        }
        if (bias != null) {
            for (int o = 0; o < cout; o++) {
                float b = bias[o];
                int base = outOff + o * outH;
                for (int h = 0; h < outH; h++) {
                    out[base + h] += b;
                }
            }
        }
    }
}
