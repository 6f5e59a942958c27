package dev.convstream.features;

import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.fft.RealFft;
import dev.convstream.features.dsp.Stft;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FFT, STFT, mel filterbank and log-mel against the numpy/scipy golden vectors. */
class FrontEndGoldenTest {

    /**
     * FFT vs numpy.fft.rfft on the same float32 input, in double: a radix-2 or Bluestein FFT in
     * double has error ~ eps * log2(n) * ||x||; 1e-12 * ||x||_2 * sqrt(n) bounds it with room.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8, 64, 512, 2048, 3, 5, 7, 15, 100, 400, 441, 1000})
    void fftMatchesNumpyRfft(int n) {
        float[] x = FeatureGolden.floats("fft_" + n + "_x");
        double[] re = FeatureGolden.doubles("fft_" + n + "_re");
        double[] im = FeatureGolden.doubles("fft_" + n + "_im");
        RealFft fft = new RealFft(n);
        double[] gotRe = new double[fft.bins()];
        double[] gotIm = new double[fft.bins()];
        fft.forward(x, 0, gotRe, gotIm);
        double norm = 0;
        for (float v : x) {
            norm += v * v;
        }
        double tol = 1e-12 * Math.sqrt(norm) * Math.sqrt(n) + 1e-15;
        assertEquals(re.length, fft.bins());
        for (int k = 0; k < re.length; k++) {
            assertEquals(re[k], gotRe[k], tol, "n=" + n + " re[" + k + "]");
            assertEquals(im[k], gotIm[k], tol, "n=" + n + " im[" + k + "]");
        }
    }

    @Test
    void fftOfAnImpulseIsFlatAndOfAConstantIsDcOnly() {
        for (int n : new int[] {6, 9, 16, 12}) {
            RealFft fft = new RealFft(n);
            float[] x = new float[n];
            x[0] = 1;
            double[] re = new double[fft.bins()];
            double[] im = new double[fft.bins()];
            fft.forward(x, 0, re, im);
            for (int k = 0; k < fft.bins(); k++) {
                assertEquals(1.0, re[k], 1e-12);
                assertEquals(0.0, im[k], 1e-12);
            }
            java.util.Arrays.fill(x, 2f);
            fft.forward(x, 0, re, im);
            assertEquals(2.0 * n, re[0], 1e-12);
            for (int k = 1; k < fft.bins(); k++) {
                assertEquals(0.0, Math.hypot(re[k], im[k]), 1e-12);
            }
        }
    }

    /**
     * STFT in float32 (window product rounded to float, output stored as float) vs float64:
     * per frame, the error is relative to the frame's energy (sum over bins of |X|^power), since
     * float32 rounding of the windowed samples perturbs every bin by ~6e-8 of the frame's
     * level, whatever that bin's own (possibly tiny) value. 1e-5 leaves a wide margin over the
     * ~1e-6 observed worst case while still failing on any framing, window or scaling mistake.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c", "d"})
    void stftMatchesReference(String name) {
        StftConfig config = switch (name) {
            case "a" -> new StftConfig(512, 512, 160, WindowType.HANN, true, StftConfig.PadMode.REFLECT, 2);
            case "b" -> new StftConfig(400, 300, 100, WindowType.HAMMING, false, StftConfig.PadMode.REFLECT, 1);
            case "c" -> new StftConfig(256, 256, 64, WindowType.NONE, true, StftConfig.PadMode.CONSTANT, 2);
            default -> new StftConfig(441, 441, 147, WindowType.HANN, true, StftConfig.PadMode.REFLECT, 2);
        };
        float[] x = FeatureGolden.floats("stft_" + name + "_x");
        Tensor ref = FeatureGolden.tensor("stft_" + name + "_spec");
        double[] want = FeatureGolden.doubles("stft_" + name + "_spec");
        int bins = config.bins();
        int frames = config.frames(x.length);
        assertArrayEquals(new int[] {bins, frames}, ref.shape());
        float[] got = new Stft(config).spectrogram(x);
        assertRelativeToFrameEnergy(want, got, bins, frames, 1e-5, "stft " + name);
    }

    static void assertRelativeToFrameEnergy(double[] want, float[] got, int rows, int frames, double rel, String what) {
        assertEquals(want.length, got.length, what + " size");
        for (int t = 0; t < frames; t++) {
            double energy = 0;
            for (int b = 0; b < rows; b++) {
                energy += Math.abs(want[b * frames + t]);
            }
            double tol = rel * energy + 1e-30;
            for (int b = 0; b < rows; b++) {
                assertEquals(want[b * frames + t], got[b * frames + t], tol, what + " bin " + b + " frame " + t);
            }
        }
    }

    /**
     * Filterbank in double stored as float: the only error is float32 rounding of each weight,
     * so 1e-6 relative to the largest weight of the matrix (float eps is 6e-8).
     */
    @ParameterizedTest
    @ValueSource(strings = {"slaney", "htk", "slaney80", "htknorm"})
    void melFilterbankMatchesLibrosaFormulas(String name) {
        MelFilterbank fb = switch (name) {
            case "slaney" -> new MelFilterbank(16000, 512, 40, 0, 0, MelScale.SLANEY, true);
            case "htk" -> new MelFilterbank(22050, 1024, 64, 50, 8000, MelScale.HTK, false);
            case "slaney80" -> new MelFilterbank(16000, 400, 80, 20, 7600, MelScale.SLANEY, true);
            default -> new MelFilterbank(16000, 441, 32, 0, 0, MelScale.HTK, true);
        };
        Tensor ref = FeatureGolden.tensor("mel_" + name);
        assertArrayEquals(new int[] {fb.melBands(), fb.bins()}, ref.shape());
        double[] want = FeatureGolden.doubles("mel_" + name);
        float[] got = fb.matrix();
        double max = 0;
        for (double w : want) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max > 0);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6 * max, name + " weight " + i);
        }
    }

    /**
     * Log-mel in dB: a relative error r of a mel power gives 4.343 r dB. Every band of the
     * test signal (tones plus noise at -40 dB) is far above the float32 error floor of its
     * frame, so r stays below ~1e-5 and 2e-3 dB is a safe bound; with band normalisation the
     * values are divided by the band's std (a few dB here), so the same bound holds in units of
     * std with margin. Values clipped by top_db are exact on both sides.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void logMelMatchesReference(String name) {
        LogMelConfig config = switch (name) {
            // These references were made with reflect padding (librosa < 0.10's default), named here.
            case "a" -> LogMelConfig.builder(16000).nFft(512).hop(160).nMels(40).topDb(80)
                    .padMode(StftConfig.PadMode.REFLECT).build();
            case "b" -> LogMelConfig.builder(22050).nFft(1024).hop(256).nMels(64).fmin(50).fmax(8000)
                    .padMode(StftConfig.PadMode.REFLECT)
                    .melScale(MelScale.HTK).slaneyNorm(false).topDb(Double.NaN).bandNormalization(true).build();
            default -> LogMelConfig.builder(16000).nFft(400).hop(160).nMels(80).fmin(20).fmax(7600)
                    .topDb(60).center(false).build();
        };
        float[] x = FeatureGolden.floats("logmel_" + name + "_x");
        Tensor ref = FeatureGolden.tensor("logmel_" + name);
        double[] want = FeatureGolden.doubles("logmel_" + name);
        LogMelSpectrogram front = new LogMelSpectrogram(config);
        int mels = ref.dim(0);
        int frames = ref.dim(1);
        float[] librosa = front.computeLibrosaLayout(x, config.sampleRate());
        Tensor got = front.compute(x, config.sampleRate());
        assertArrayEquals(new int[] {1, 1, frames, mels}, got.shape()); // time-major tensor
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                double w = want[m * frames + t];
                assertEquals(w, librosa[m * frames + t], 2e-3, "log-mel " + name + " mel " + m + " frame " + t);
                assertEquals(librosa[m * frames + t], got.data()[t * mels + m], 0f, "tensor layout mel " + m + " frame " + t);
            }
        }
    }
}
