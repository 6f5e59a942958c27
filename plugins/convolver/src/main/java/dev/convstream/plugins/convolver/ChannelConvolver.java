package dev.convstream.plugins.convolver;

import be.tarsos.dsp.util.fft.FloatFFT;
import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.stream.StreamingConv1d;
import java.util.Arrays;

/**
 * Convolves one channel with an impulse response, with no latency, in blocks of any size.
 *
 * <h2>How</h2>
 * The response {@code h} of {@code L} taps is split at {@code P} (a power of two):
 * <ul>
 *   <li>the head, taps {@code [0, min(L, P))}, runs directly in the time domain through
 *       conv-core's {@link StreamingConv1d} (a causal 1→1 Conv1d, the taps reversed into
 *       PyTorch's order, tap 0 oldest), so every output sample is ready as soon as its input
 *       sample arrives;</li>
 *   <li>the tail, taps {@code [P, L)}, runs as uniformly partitioned overlap-save convolution
 *       with a frequency-domain delay line. The input is cut into frames of {@code P} samples
 *       at fixed stream positions. When frame {@code b} is complete, the spectrum of the
 *       window {@code [frame b-1, frame b]} enters the delay line, and
 *       {@code IFFT(sum_j X[b-j] * H_j)} (last {@code P} samples) is the tail's contribution to
 *       the whole of frame {@code b+1}: tail taps are at least {@code P} samples old, so they
 *       only ever need input that has already arrived.</li>
 * </ul>
 * Hence no added latency at all, whatever the host's block size, for at most {@code P}
 * multiply-adds per sample in the head. The frame boundaries do not depend on how the stream
 * is cut into blocks, so neither does the tail's arithmetic.
 *
 * <p>{@link #process} and {@link #reset} allocate nothing; everything is allocated in the
 * constructor, which runs off the audio thread. Not thread-safe: one audio thread.
 */
final class ChannelConvolver {

    private final int partition;
    private final TailSpectra tail;
    private final FloatFFT fft;
    private final StreamingConv1d head;

    private final float[] headOut;
    private final float[] tailOut;
    private final float[] window;    // [previous frame | current frame], then its spectrum
    private final float[] acc;       // accumulated spectrum, then the tail output window
    private final float[][] delayLine; // input window spectra, newest at fdlHead
    private int fdlHead;
    private int framePos;            // samples of the current frame received so far

    /**
     * @param taps   the impulse response, tap 0 first
     * @param tail   the tail spectra of {@code taps} for partition P (shared between channels)
     * @param fft    a transform of size {@code 2P}; used on the audio thread only by this
     *               engine's channels, which run one after the other
     */
    ChannelConvolver(float[] taps, TailSpectra tail, FloatFFT fft, Kernels kernels) {
        this.partition = tail.partition();
        this.tail = tail;
        this.fft = fft;
        int headTaps = Math.min(taps.length, partition);
        float[] w = new float[headTaps];
        for (int i = 0; i < headTaps; i++) {
            w[headTaps - 1 - i] = taps[i];
        }
        this.head = new StreamingConv1d(Conv1dSpec.builder(1, 1, headTaps).causal().bias(false).build(),
                w, null, kernels);
        head.prepare(partition);
        this.headOut = new float[partition];
        this.tailOut = new float[partition];
        int m = tail.count();
        this.window = new float[m == 0 ? 0 : 2 * partition];
        this.acc = new float[m == 0 ? 0 : 2 * partition];
        this.delayLine = new float[m][2 * partition];
        reset();
    }

    /** Back to silence. [audio-thread] */
    void reset() {
        head.reset();
        Arrays.fill(tailOut, 0f);
        Arrays.fill(window, 0f);
        for (float[] s : delayLine) {
            Arrays.fill(s, 0f);
        }
        fdlHead = 0;
        framePos = 0;
    }

    /**
     * Convolves {@code in[inOff, inOff+frames)} into {@code out[outOff, outOff+frames)};
     * {@code out} must not overlap the input range. Any {@code frames >= 0}. [audio-thread]
     */
    void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, partition - framePos);
            head.process(in, inOff + done, n, headOut, 0, n, n);
            int o = outOff + done;
            for (int i = 0; i < n; i++) {
                out[o + i] = headOut[i] + tailOut[framePos + i];
            }
            if (delayLine.length > 0) {
                System.arraycopy(in, inOff + done, window, partition + framePos, n);
            }
            framePos += n;
            done += n;
            if (framePos == partition) {
                framePos = 0;
                if (delayLine.length > 0) {
                    advanceTail();
                }
            }
        }
    }

    /** Frame complete: its window enters the delay line; the next frame's tail output is computed. */
    private void advanceTail() {
        int m = delayLine.length;
        int p = partition;
        fdlHead = fdlHead == 0 ? m - 1 : fdlHead - 1;
        float[] x = delayLine[fdlHead];
        System.arraycopy(window, 0, x, 0, 2 * p);
        // The current frame becomes the previous one of the next window.
        System.arraycopy(window, p, window, 0, p);
        fft.realForward(x);
        Arrays.fill(acc, 0f);
        for (int j = 0; j < m; j++) {
            float[] xs = delayLine[(fdlHead + j) % m];
            float[] h = tail.get(j);
            acc[0] += xs[0] * h[0];
            acc[1] += xs[1] * h[1];
            for (int k = 2; k < 2 * p; k += 2) {
                float xr = xs[k];
                float xi = xs[k + 1];
                float hr = h[k];
                float hi = h[k + 1];
                acc[k] += xr * hr - xi * hi;
                acc[k + 1] += xr * hi + xi * hr;
            }
        }
        fft.realInverse(acc, false);
        System.arraycopy(acc, p, tailOut, 0, p);
    }
}
