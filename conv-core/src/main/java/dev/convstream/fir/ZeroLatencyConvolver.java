package dev.convstream.fir;

import dev.convstream.check.Require;
import dev.convstream.fft.RealFft;
import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import java.util.Arrays;

/**
 * Convolves one channel with a {@link PartitionedResponse}, {@code y[t] = bias + sum_i h[i] x[t-i]},
 * with no latency, in blocks of any size up to the prepared maximum.
 *
 * <h2>How</h2>
 * The response {@code h} of {@code L} taps is split at {@code P} (a power of two):
 * <ul>
 *   <li>the head, taps {@code [0, min(L, P))}, runs directly in the time domain through
 *       {@link StreamingConv1d} (a causal 1→1 Conv1d, the taps reversed into PyTorch's order,
 *       tap 0 oldest), so every output sample is ready as soon as its input sample arrives;</li>
 *   <li>the tail, taps {@code [P, L)}, runs as uniformly partitioned overlap-save convolution
 *       with a frequency-domain delay line. The input is cut into frames of {@code P} samples
 *       at fixed stream positions. When frame {@code b} is complete, the spectrum of the
 *       window {@code [frame b-1, frame b]} enters the delay line, and
 *       {@code IFFT(sum_j X[b-j] * H_j)} (last {@code P} samples) is the tail's contribution to
 *       the whole of frame {@code b+1}: tail taps are at least {@code P} samples old, so they
 *       only ever need input that has already arrived.</li>
 * </ul>
 * Hence no added latency at all, whatever the block size, for at most {@code P} multiply-adds
 * per sample in the head. The frame boundaries do not depend on how the stream is cut into
 * blocks, so neither does the tail's arithmetic. A response without a tail is a plain direct
 * FIR, run one call per block.
 *
 * <h2>Precision</h2>
 * The head sums in float32 (the kernel family's GEMM); the tail is transformed, multiplied and
 * accumulated in double ({@link RealFft}), and head and tail are added in double and rounded
 * once. So the error is the float32 head's, about {@code 1e-7 * sum|h[i] x[t-i]|} per output,
 * and the tail adds rounding of order {@code 1e-15 * log2(2P)} of that bound.
 *
 * <h2>Lifecycle and threading</h2>
 * Construct and {@link #prepare} off the audio thread (they allocate); then {@link #process}
 * and {@link #reset} allocate nothing, lock nothing and log nothing. Not thread-safe: one
 * audio thread per instance.
 */
public final class ZeroLatencyConvolver {

    private final int partition;
    private final PartitionedResponse response;
    private final StreamingConv1d head;
    private final RealFft fft;         // 2P, null without a tail

    private final float[] window;      // [previous frame | current frame] of input
    private final double[][] inputRe;  // delay line of window spectra, newest at fdlHead
    private final double[][] inputIm;
    private final double[] accRe;      // accumulated spectrum of the next frame's tail
    private final double[] accIm;
    private final double[] tailOut;    // its inverse; the last P samples are the tail's output

    private float[] headOut = new float[0];
    private int maxBlock;
    private int fdlHead;
    private int framePos;              // samples of the current frame received so far

    /** Without bias. */
    public ZeroLatencyConvolver(PartitionedResponse response, Kernels kernels) {
        this(response, null, kernels);
    }

    /**
     * @param response the taps, cut for partitioned convolution (shared, not modified)
     * @param bias     added to every output sample, or null for none
     * @param kernels  the kernel family of the head's direct convolution
     */
    public ZeroLatencyConvolver(PartitionedResponse response, Float bias, Kernels kernels) {
        Require.notNull("response", response);
        this.response = response;
        this.partition = response.partition();
        float[] taps = response.head();
        int k = taps.length;
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[k - 1 - i] = taps[i];
        }
        head = new StreamingConv1d(Conv1dSpec.builder(1, 1, k).causal().bias(bias != null).build(), w,
                bias == null ? null : new float[] {bias}, kernels);
        int m = response.tailPartitions();
        int bins = m == 0 ? 0 : partition + 1;
        fft = m == 0 ? null : new RealFft(2 * partition);
        window = new float[m == 0 ? 0 : 2 * partition];
        inputRe = new double[m][bins];
        inputIm = new double[m][bins];
        accRe = new double[bins];
        accIm = new double[bins];
        tailOut = new double[m == 0 ? 0 : 2 * partition];
    }

    /** The response this convolver applies. */
    public PartitionedResponse response() {
        return response;
    }

    /** Allocates for blocks of up to {@code maxBlockSize} frames, then resets. [main-thread] */
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        int headBlock = hasTail() ? Math.min(partition, maxBlockSize) : maxBlockSize;
        head.prepare(headBlock);
        headOut = new float[hasTail() ? headBlock : 0];
        maxBlock = maxBlockSize;
        reset();
    }

    /** Back to silence. [audio-thread] */
    public void reset() {
        requirePrepared();
        head.reset();
        Arrays.fill(tailOut, 0.0);
        Arrays.fill(window, 0f);
        for (double[] s : inputRe) {
            Arrays.fill(s, 0.0);
        }
        for (double[] s : inputIm) {
            Arrays.fill(s, 0.0);
        }
        fdlHead = 0;
        framePos = 0;
    }

    /**
     * Convolves {@code in[inOff, inOff+frames)} into {@code out[outOff, outOff+frames)},
     * {@code 0 <= frames <= maxBlockSize}. In place ({@code in == out}, same offset) is allowed;
     * otherwise the ranges must not overlap. [audio-thread]
     */
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        requirePrepared();
        Require.frames(frames, 0, maxBlock);
        if (frames == 0) {
            return;
        }
        if (!hasTail()) {
            head.process(in, inOff, frames, out, outOff, frames, frames);
            return;
        }
        int p = partition;
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, p - framePos);
            int i0 = inOff + done;
            // every read of this chunk's input comes before its output is written: in place works
            System.arraycopy(in, i0, window, p + framePos, n);
            head.process(in, i0, n, headOut, 0, n, n);
            int o = outOff + done;
            int t = p + framePos;
            for (int i = 0; i < n; i++) {
                out[o + i] = (float) (headOut[i] + tailOut[t + i]);
            }
            framePos += n;
            done += n;
            if (framePos == p) {
                framePos = 0;
                advanceTail();
            }
        }
    }

    private boolean hasTail() {
        return fft != null;
    }

    private void requirePrepared() {
        if (maxBlock == 0) {
            throw new IllegalStateException("ZeroLatencyConvolver used before prepare(maxBlockSize)");
        }
    }

    /** Frame complete: its window enters the delay line; the next frame's tail output is computed. */
    private void advanceTail() {
        int m = inputRe.length;
        int p = partition;
        fdlHead = fdlHead == 0 ? m - 1 : fdlHead - 1;
        fft.forward(window, 0, inputRe[fdlHead], inputIm[fdlHead]);
        // The current frame becomes the previous one of the next window.
        System.arraycopy(window, p, window, 0, p);
        Arrays.fill(accRe, 0.0);
        Arrays.fill(accIm, 0.0);
        for (int j = 0, s = fdlHead; j < m; j++, s = s + 1 == m ? 0 : s + 1) {
            multiplyAdd(inputRe[s], inputIm[s], response.tailRe(j), response.tailIm(j));
        }
        fft.inverse(accRe, accIm, tailOut, 0);
    }

    /** {@code acc += x * h}, complex, over bins {@code 0..P}. */
    private void multiplyAdd(double[] xRe, double[] xIm, double[] hRe, double[] hIm) {
        double[] aRe = accRe;
        double[] aIm = accIm;
        for (int k = 0; k < aRe.length; k++) {
            double xr = xRe[k];
            double xi = xIm[k];
            double hr = hRe[k];
            double hi = hIm[k];
            aRe[k] += xr * hr - xi * hi;
            aIm[k] += xr * hi + xi * hr;
        }
    }
}
