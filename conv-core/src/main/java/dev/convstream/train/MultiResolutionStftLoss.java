package dev.convstream.train;

import dev.convstream.check.Require;
import dev.convstream.fft.RealFft;

/**
 * The multi-resolution STFT loss NAM's trainer takes from auraloss
 * ({@code auraloss.freq.MultiResolutionSTFTLoss()} with its defaults): at FFT sizes 1024, 2048
 * and 512 (hops 120, 240, 50; periodic Hann windows of 600, 1200 and 240 samples centred in the
 * frame; frames centred on the hops with reflected padding, as {@code torch.stft} does by
 * default), the spectral convergence {@code ||Y - X||_F / ||Y||_F} plus the mean absolute
 * difference of the log magnitudes, magnitudes {@code sqrt(max(re^2 + im^2, 1e-8))}, averaged
 * over the three resolutions.
 *
 * <p>One difference: auraloss takes the spectral convergence's norms over the whole batch; here
 * each segment has its own and the batch loss is the mean of the segments' losses, so workers
 * need no second pass over the batch. The gradient is analytic: through the magnitudes to the
 * spectra, and from the spectra back to the samples by an inverse real FFT (the adjoint of the
 * one-sided DFT, with bins 1..N/2-1 counted twice), then through the window and the padding.
 */
public final class MultiResolutionStftLoss implements TrainingLoss {
    /** NAM's trainer's weight of this loss against the time-domain loss ({@code mrstft_weight} "2e-4 works pretty well"). */
    public static final double NAM_WEIGHT = 2e-4;

    private static final int[] FFT_SIZES = {1024, 2048, 512};
    private static final int[] HOPS = {120, 240, 50};
    private static final int[] WINDOWS = {600, 1200, 240};
    private static final double EPS = 1e-8;

    private final Resolution[] resolutions;

    /** auraloss's default resolutions. */
    public MultiResolutionStftLoss() {
        this(FFT_SIZES, HOPS, WINDOWS);
    }

    /** Resolutions of the given FFT sizes (even), hops and window lengths (at most the FFT size). */
    public MultiResolutionStftLoss(int[] fftSizes, int[] hops, int[] windowLengths) {
        if (fftSizes.length != hops.length || hops.length != windowLengths.length || fftSizes.length == 0) {
            throw new IllegalArgumentException("fftSizes, hops and windowLengths must have the same length >= 1,"
                    + " found " + fftSizes.length + ", " + hops.length + " and " + windowLengths.length);
        }
        resolutions = new Resolution[fftSizes.length];
        for (int r = 0; r < fftSizes.length; r++) {
            resolutions[r] = new Resolution(fftSizes[r], hops[r], windowLengths[r]);
        }
    }

    /** One STFT resolution and its zero-padded periodic Hann window. */
    private record Resolution(int fft, int hop, int windowLength, double[] window) {
        Resolution(int fft, int hop, int windowLength) {
            this(fft, Require.atLeastOne("hop", hop), windowLength, hann(fft, windowLength));
        }

        private static double[] hann(int fft, int windowLength) {
            if (fft % 2 != 0 || windowLength < 1 || windowLength > fft) {
                throw new IllegalArgumentException("FFT size must be even and window length in [1, " + fft
                        + "], found " + fft + " and " + windowLength);
            }
            double[] w = new double[fft];
            int left = (fft - windowLength) / 2;
            for (int n = 0; n < windowLength; n++) {
                w[left + n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / windowLength);
            }
            return w;
        }

        int frames(int length) {
            return 1 + length / hop;
        }
    }

    @Override
    public double targetEnergy(float[] target, int offset, int length) {
        return 0;
    }

    @Override
    public Scratch scratch(int maxLength) {
        return new Buffers(resolutions, maxLength);
    }

    /** Per-thread FFTs, padded signals and the spectra backward needs. */
    private static final class Buffers implements Scratch {
        final RealFft[] ffts;
        final float[] padded;
        final float[] paddedTarget;
        final float[] frame;
        final double[][] xRe;
        final double[][] xIm;
        final double[][] xMag;
        final double[][] yMag;
        final double[] gRe;
        final double[] gIm;
        final double[] frameGrad;
        final double[] paddedGrad;

        Buffers(Resolution[] resolutions, int maxLength) {
            ffts = new RealFft[resolutions.length];
            int maxFft = 0;
            int maxCells = 0;
            for (int r = 0; r < resolutions.length; r++) {
                ffts[r] = new RealFft(resolutions[r].fft);
                maxFft = Math.max(maxFft, resolutions[r].fft);
                maxCells = Math.max(maxCells, resolutions[r].frames(maxLength) * (resolutions[r].fft / 2 + 1));
            }
            padded = new float[maxLength + maxFft];
            paddedTarget = new float[maxLength + maxFft];
            frame = new float[maxFft];
            xRe = new double[1][maxCells];
            xIm = new double[1][maxCells];
            xMag = new double[1][maxCells];
            yMag = new double[1][maxCells];
            gRe = new double[maxFft / 2 + 1];
            gIm = new double[maxFft / 2 + 1];
            frameGrad = new double[maxFft];
            paddedGrad = new double[maxLength + maxFft];
        }
    }

    @Override
    public double segment(Scratch scratch, float[] prediction, float[] target, int targetOffset, int length,
            double batchEnergy, int batchSize, float[] gradient) {
        Buffers b = (Buffers) scratch;
        for (int i = 0; i < length; i++) {
            gradient[i] = 0;
        }
        double total = 0;
        double scale = 1.0 / (resolutions.length * (double) batchSize);
        for (int r = 0; r < resolutions.length; r++) {
            total += resolution(b, r, prediction, target, targetOffset, length, scale, gradient);
        }
        return total * scale;
    }

    /** One resolution's SC + log-magnitude loss; adds {@code scale} times its gradient into {@code gradient}. */
    private double resolution(Buffers b, int r, float[] prediction, float[] target, int targetOffset, int length,
            double scale, float[] gradient) {
        Resolution res = resolutions[r];
        int n = res.fft;
        int pad = n / 2;
        if (length <= pad) {
            throw new IllegalArgumentException("segment length must be > " + pad
                    + " for an STFT of size " + n + " with reflected padding, found " + length);
        }
        RealFft fft = b.ffts[r];
        int bins = n / 2 + 1;
        int frames = res.frames(length);
        int paddedLength = length + 2 * pad;
        for (int p = 0; p < paddedLength; p++) {
            int i = reflect(p - pad, length);
            b.padded[p] = prediction[i];
            b.paddedTarget[p] = target[targetOffset + i];
        }
        double[] xRe = b.xRe[0];
        double[] xIm = b.xIm[0];
        double[] xMag = b.xMag[0];
        double[] yMag = b.yMag[0];
        double diff2 = 0;
        double y2 = 0;
        double logL1 = 0;
        for (int t = 0; t < frames; t++) {
            int cell = t * bins;
            window(b.padded, t * res.hop, res.window, b.frame, n);
            fft.forward(b.frame, 0, b.gRe, b.gIm);
            for (int k = 0; k < bins; k++) {
                xRe[cell + k] = b.gRe[k];
                xIm[cell + k] = b.gIm[k];
                xMag[cell + k] = Math.sqrt(Math.max(b.gRe[k] * b.gRe[k] + b.gIm[k] * b.gIm[k], EPS));
            }
            window(b.paddedTarget, t * res.hop, res.window, b.frame, n);
            fft.forward(b.frame, 0, b.gRe, b.gIm);
            for (int k = 0; k < bins; k++) {
                double ym = Math.sqrt(Math.max(b.gRe[k] * b.gRe[k] + b.gIm[k] * b.gIm[k], EPS));
                yMag[cell + k] = ym;
                double d = ym - xMag[cell + k];
                diff2 += d * d;
                y2 += ym * ym;
                logL1 += Math.abs(Math.log(xMag[cell + k]) - Math.log(ym));
            }
        }
        int cells = frames * bins;
        double diffNorm = Math.sqrt(diff2);
        double yNorm = Math.sqrt(y2);
        double sc = diffNorm / yNorm;
        double logMag = logL1 / cells;
        // dLoss/dX_mag = (X - Y) / (||Y - X|| ||Y||) + sign(log X - log Y) / (X cells)
        double scFactor = diffNorm > 0 ? 1 / (diffNorm * yNorm) : 0;
        for (int p = 0; p < paddedLength; p++) {
            b.paddedGrad[p] = 0;
        }
        for (int t = 0; t < frames; t++) {
            int cell = t * bins;
            for (int k = 0; k < bins; k++) {
                double x = xMag[cell + k];
                double y = yMag[cell + k];
                double dMag = (x - y) * scFactor + Math.signum(Math.log(x) - Math.log(y)) / (x * cells);
                double power = xRe[cell + k] * xRe[cell + k] + xIm[cell + k] * xIm[cell + k];
                // below the clamp the magnitude is constant: no gradient
                double toSpectrum = power > EPS ? dMag / x : 0;
                // adjoint of the one-sided DFT by irfft: bins other than 0 and n/2 appear twice
                // in irfft's Hermitian sum and once in the loss, and irfft divides by n
                double weight = (k == 0 || k == n / 2) ? n : n / 2.0;
                b.gRe[k] = toSpectrum * xRe[cell + k] * weight;
                b.gIm[k] = toSpectrum * xIm[cell + k] * weight;
            }
            // d/ds[m] of sum_k gRe_k Re X_k + gIm_k Im X_k, X_k = sum_m s[m] e^{-2 pi i k m / n}:
            // sum_k gRe_k cos - gIm_k sin = Re sum_k (gRe_k + i gIm_k) e^{2 pi i k m / n}
            fft.inverse(b.gRe, b.gIm, b.frameGrad, 0);
            int start = t * res.hop;
            for (int m = 0; m < n; m++) {
                b.paddedGrad[start + m] += b.frameGrad[m] * res.window[m];
            }
        }
        for (int p = 0; p < paddedLength; p++) {
            int i = reflect(p - pad, length);
            gradient[i] += (float) (scale * b.paddedGrad[p]);
        }
        return sc + logMag;
    }

    private static void window(float[] signal, int start, double[] window, float[] frame, int n) {
        for (int m = 0; m < n; m++) {
            frame[m] = (float) (signal[start + m] * window[m]);
        }
    }

    /** torch's reflect padding: index -1 is sample 1, index length is sample length - 2. */
    private static int reflect(int i, int length) {
        if (i < 0) {
            return -i;
        }
        if (i >= length) {
            return 2 * (length - 1) - i;
        }
        return i;
    }
}
