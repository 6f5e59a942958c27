package dev.convstream.features;

import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.Stft;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;
import dev.convstream.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The librosa-parity options against {@code features/generate_parity_golden.py} (librosa 0.10's
 * documented formulas in numpy/scipy): pad modes, scipy's windows, amplitude dB, ref, amin,
 * MFCC, the linear STFT and both layouts.
 */
class LibrosaParityGoldenTest {

    /**
     * dB values: as in {@link FrontEndGoldenTest#logMelMatchesReference}, a float32 relative
     * error r of a mel value gives 4.343 r dB (8.686 r for 20 log10); r stays below ~1e-5 for
     * every band of these signals, so 2e-3 dB bounds it with margin. Clipped values are exact.
     */
    private static final double DB_TOL = 2e-3;

    @ParameterizedTest
    @EnumSource(StftConfig.PadMode.class)
    void centredStftPadsAsNumpyPad(StftConfig.PadMode mode) {
        float[] x = FeatureGolden.floats("parity_x16");
        StftConfig config = new StftConfig(256, 256, 64, WindowType.HANN, true, mode, 2);
        double[] want = FeatureGolden.doubles("parity_pad_" + mode.numpyName());
        float[] got = new Stft(config).spectrogram(x);
        FrontEndGoldenTest.assertRelativeToFrameEnergy(want, got, config.bins(), config.frames(x.length), 1e-5,
                "pad " + mode);
    }

    /** Double arithmetic on both sides of a few cosines: 1e-12 absolute (values are in [0, 1]). */
    @ParameterizedTest
    @EnumSource(WindowType.class)
    void windowsAreScipysPeriodicWindows(WindowType window) {
        double[] want = FeatureGolden.doubles("parity_window_" + window.scipyName());
        int at = 0;
        for (int n : new int[] {1, 7, 8, 400}) {
            double[] got = window.values(n);
            for (int j = 0; j < n; j++) {
                assertEquals(want[at + j], got[j], 1e-12, window + " N=" + n + " j=" + j);
            }
            at += n;
        }
        assertEquals(want.length, at);
        assertEquals(window, WindowType.parse(window.scipyName()));
    }

    @Test
    void builderDefaultsAreLibrosasMelspectrogramAndPowerToDb() {
        assertRows("parity_x22", "parity_default_logmel", FeatureSpec.logMel(LogMelConfig.builder(22050).build()),
                DB_TOL);
    }

    @Test
    void powerOneGivesAmplitudeToDbWithRefMax() {
        LogMelConfig c = LogMelConfig.builder(16000).nFft(512).hop(160).power(1).nMels(40).ref(DbReference.MAX).build();
        assertRows("parity_x16", "parity_amp_refmax", FeatureSpec.logMel(c), DB_TOL);
    }

    @Test
    void fixedRefAminAndNoTopDbFollowPowerToDb() {
        LogMelConfig c = LogMelConfig.builder(16000).nFft(400).hop(160).window(WindowType.BLACKMAN).nMels(64)
                .melScale(MelScale.HTK).slaneyNorm(false).ref(DbReference.of(0.5)).amin(1e-6).topDb(Double.NaN).build();
        assertRows("parity_x16", "parity_pow_ref_amin", FeatureSpec.logMel(c), DB_TOL);
    }

    /**
     * MFCC: coefficient k is a DCT-ortho combination of n_mels dB values (|row|_2 = 1, so the
     * error is at most sqrt(n_mels) * 2e-3 dB), then multiplied by the lifter gain.
     */
    @Test
    void mfccWithLifterIsLibrosas() {
        LogMelConfig c = LogMelConfig.builder(16000).nFft(512).hop(160).nMels(40).build();
        FeatureSpec spec = new FeatureSpec(FeatureKind.MFCC, c, 13, 22, FeatureLayout.FEATURES_FIRST);
        assertRows("parity_x16", "parity_mfcc_lifter", spec, DB_TOL * Math.sqrt(40) * (1 + 11));
    }

    @Test
    void mfccOfAMagnitudeMelStillUsesPowerToDbAsLibrosa() {
        LogMelConfig c = LogMelConfig.builder(22050).nFft(1024).hop(256).power(1).nMels(64).melScale(MelScale.HTK)
                .slaneyNorm(false).build();
        FeatureSpec spec = new FeatureSpec(FeatureKind.MFCC, c, 20, 0, FeatureLayout.FRAMES_FIRST);
        assertRows("parity_x22", "parity_mfcc_power1", spec, DB_TOL * Math.sqrt(64));
    }

    @Test
    void linearStftMagnitudeIsAbsOfLibrosaStft() {
        LogMelConfig c = LogMelConfig.builder(16000).nFft(512).hop(128).window(WindowType.HAMMING).power(1).build();
        FeatureSpec spec = new FeatureSpec(FeatureKind.STFT, c, 20, 0, FeatureLayout.FEATURES_FIRST);
        float[] x = FeatureGolden.floats("parity_x16");
        float[] got = new SpectralFeatures(spec).computeRows(x, 16000);
        FrontEndGoldenTest.assertRelativeToFrameEnergy(FeatureGolden.doubles("parity_stft_mag"), got,
                spec.featureSize(), c.stft().frames(x.length), 1e-5, "stft magnitude");
    }

    @Test
    void linearStftInDbIsAmplitudeToDbRefMax() {
        LogMelConfig c = LogMelConfig.builder(16000).nFft(512).hop(128).power(1).ref(DbReference.MAX).build();
        assertRows("parity_x16", "parity_stft_db_refmax",
                new FeatureSpec(FeatureKind.LOG_STFT, c, 20, 0, FeatureLayout.FRAMES_FIRST), DB_TOL);
    }

    /**
     * Checks {@link SpectralFeatures#computeRows} against the reference ([features][frames]) and
     * that {@link SpectralFeatures#compute} holds the same values in the spec's layout.
     */
    private static void assertRows(String input, String reference, FeatureSpec spec, double tol) {
        float[] x = FeatureGolden.floats(input);
        Tensor ref = FeatureGolden.tensor(reference);
        double[] want = FeatureGolden.doubles(reference);
        SpectralFeatures features = new SpectralFeatures(spec);
        int rows = ref.dim(0);
        int frames = ref.dim(1);
        assertEquals(spec.featureSize(), rows, "features per frame");
        float[] got = features.computeRows(x, spec.config().sampleRate());
        Tensor laidOut = features.compute(x, spec.config().sampleRate());
        assertArrayEquals(spec.layout().shape(rows, frames), laidOut.shape(), "layout " + spec.layout());
        boolean framesFirst = spec.layout() == FeatureLayout.FRAMES_FIRST;
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < frames; t++) {
                assertEquals(want[r * frames + t], got[r * frames + t], tol, reference + " row " + r + " frame " + t);
                float inLayout = laidOut.data()[framesFirst ? t * rows + r : r * frames + t];
                assertEquals(got[r * frames + t], inLayout, 0f, "layout " + spec.layout() + " row " + r + " frame " + t);
            }
        }
    }
}
