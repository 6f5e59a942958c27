package dev.convstream.features;

import dev.convstream.features.dsp.MelFilterbank;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.Stft;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.AllocationMeter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Front-end rules that the golden vectors do not pin down: errors, edge cases, invariants. */
class FrontEndBehaviourTest {

    @Test
    void periodicWindowsHaveTheirPeriodNotTheSymmetricOne() {
        double[] hann = WindowType.HANN.values(4);
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, hann, 1e-15);
        double[] hamming = WindowType.HAMMING.values(4);
        assertArrayEquals(new double[] {0.08, 0.54, 1, 0.54}, hamming, 1e-15);
        assertArrayEquals(new double[] {1, 1, 1}, WindowType.NONE.values(3), 0);
    }

    @Test
    void shortWindowIsCentredInTheFrame() {
        double[] w = new StftConfig(8, 4, 2, WindowType.NONE, false, StftConfig.PadMode.REFLECT, 2).paddedWindow();
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 0, 0}, w, 0);
    }

    @Test
    void frameCountsFollowLibrosa() {
        StftConfig centred = StftConfig.of(512, 160);
        assertEquals(1 + 16000 / 160, centred.frames(16000));
        StftConfig plain = new StftConfig(512, 512, 160, WindowType.HANN, false, StftConfig.PadMode.REFLECT, 2);
        assertEquals(1 + (16000 - 512) / 160, plain.frames(16000));
        assertEquals(0, plain.frames(511));
        assertEquals(1, plain.frames(512));
    }

    @Test
    void reflectPaddingRejectsSignalsTooShortToReflectButConstantWorks() {
        float[] x = new float[100];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Stft(new StftConfig(512, 512, 128, WindowType.HANN, true, StftConfig.PadMode.REFLECT, 2))
                        .spectrogram(x));
        assertTrue(e.getMessage().contains("n_fft/2 = 256"), e.getMessage());
        StftConfig constant = new StftConfig(512, 512, 128, WindowType.HANN, true, StftConfig.PadMode.CONSTANT, 2);
        assertEquals(257 * constant.frames(100), new Stft(constant).spectrogram(x).length);
    }

    @Test
    void librosasDefaultPadModeIsConstantAndTheHelpersSayIt() {
        assertEquals(StftConfig.PadMode.CONSTANT, StftConfig.of(512, 128).padMode());
        assertEquals(StftConfig.PadMode.CONSTANT, LogMelConfig.builder(16000).build().stft().padMode());
        assertEquals(StftConfig.PadMode.EDGE, StftConfig.PadMode.parse("edge"));
        assertThrows(IllegalArgumentException.class, () -> StftConfig.PadMode.parse("replicate"));
    }

    @Test
    void eachPadModeNamesTheShortestSignalItCanPad() {
        StftConfig symmetric = new StftConfig(8, 8, 2, WindowType.HANN, true, StftConfig.PadMode.SYMMETRIC, 2);
        assertEquals(1 + 4 / 2, new Stft(symmetric).spectrogram(new float[4]).length / symmetric.bins()); // len == pad: fine
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Stft(symmetric).spectrogram(new float[3]));
        assertTrue(e.getMessage().contains("symmetric padding"), e.getMessage());
        StftConfig edge = new StftConfig(8, 8, 2, WindowType.HANN, true, StftConfig.PadMode.EDGE, 2);
        assertEquals(1, new Stft(edge).spectrogram(new float[1]).length / edge.bins());
    }

    @Test
    void aToneLandsInItsBinWithParsevalsEnergy() {
        int n = 256;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.cos(2 * Math.PI * 10 * i / n);
        }
        StftConfig c = new StftConfig(n, n, n, WindowType.NONE, false, StftConfig.PadMode.REFLECT, 1);
        float[] mag = new Stft(c).spectrogram(x);
        assertEquals(n / 2.0, mag[10], 1e-3);
        for (int b = 0; b < mag.length; b++) {
            if (b != 10) {
                assertEquals(0, mag[b], 1e-3, "bin " + b);
            }
        }
    }

    @Test
    void slaneyNormalisedFiltersHaveUnitAreaInHz() {
        // Each triangle has height 2/(f[i+2]-f[i]) and base f[i+2]-f[i]: area 1 in Hz, so the
        // weights summed over bins times the bin width is ~1 when the filters span many bins.
        MelFilterbank fb = new MelFilterbank(16000, 4096, 20, 100, 7000, MelScale.SLANEY, true);
        float[] w = fb.matrix();
        double binHz = 16000.0 / 4096;
        for (int m = 0; m < 20; m++) {
            double sum = 0;
            for (int b = 0; b < fb.bins(); b++) {
                sum += w[m * fb.bins() + b];
            }
            assertEquals(1.0, sum * binHz, 0.02, "band " + m);
        }
    }

    @Test
    void melScalesInvert() {
        for (MelScale s : MelScale.values()) {
            for (double hz : new double[] {0, 50, 999.9, 1000, 1000.1, 4321, 22050}) {
                assertEquals(hz, s.melToHz(s.hzToMel(hz)), 1e-9 * (1 + hz), s + " " + hz);
            }
        }
        assertEquals(15.0, MelScale.SLANEY.hzToMel(1000), 1e-12);
    }

    @Test
    void filterbankRejectsAnEmptyBand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MelFilterbank(16000, 512, 40, 9000, 0, MelScale.HTK, false));
        assertTrue(e.getMessage().contains("fmin"), e.getMessage());
    }

    @Test
    void bandNormalisationGivesZeroMeanUnitStdPerBand() {
        float[] x = new float[4000];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        LogMelConfig c = LogMelConfig.builder(8000).nFft(256).hop(64).nMels(16).bandNormalization(true).build();
        Tensor t = new LogMelSpectrogram(c).compute(x, 8000);
        int frames = t.dim(2);
        int mels = t.dim(3);
        for (int m = 0; m < mels; m++) {
            double sum = 0;
            double sq = 0;
            for (int f = 0; f < frames; f++) {
                double v = t.data()[f * mels + m];
                sum += v;
                sq += v * v;
            }
            assertEquals(0, sum / frames, 1e-5, "mean of band " + m);
            assertEquals(1, Math.sqrt(sq / frames), 1e-4, "std of band " + m);
        }
    }

    @Test
    void topDbClipsAtMaxMinusTopDb() {
        float[] x = new float[8000];
        x[4000] = 1f; // one click in silence: most bins sit at the amin floor
        LogMelConfig c = LogMelConfig.builder(8000).nFft(256).hop(64).nMels(16).topDb(30).build();
        Tensor t = new LogMelSpectrogram(c).compute(x, 8000);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : t.data()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(max - 30, min, 1e-4);
    }

    /** The FFT alone (forward and inverse) is checked in {@code RealFftTest}. */
    @Test
    @Tag("allocation")
    void stftFramesDoNotAllocate() {
        AllocationMeter meter = new AllocationMeter();
        for (int n : new int[] {512, 441, 400}) { // radix-2, Bluestein (odd), Bluestein under the even split
            Stft stft = new Stft(new StftConfig(n, n, n / 4, WindowType.HANN, false, StftConfig.PadMode.REFLECT, 2));
            float[] x = new float[2 * n];
            float[] out = new float[n / 2 + 1];
            Runnable work = () -> {
                for (int i = 0; i < 200; i++) {
                    stft.frame(x, i % n, out, 0, 1);
                    stft.frameFromRing(x, i % x.length, out, 0, 1);
                }
            };
            long bytes = meter.allocatedOnceWarm(() -> {
                for (int i = 0; i < 20; i++) {
                    work.run();
                }
            }, work, 5);
            assertEquals(0, bytes, "bytes allocated by 400 STFT frames of size " + n);
        }
    }

    @Test
    void wrongSampleRateIsRejected() {
        LogMelSpectrogram front = new LogMelSpectrogram(LogMelConfig.builder(16000).nFft(512).hop(160).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> front.compute(new float[16000], 44100));
        assertTrue(e.getMessage().contains("44100") && e.getMessage().contains("16000"), e.getMessage());
    }
}
