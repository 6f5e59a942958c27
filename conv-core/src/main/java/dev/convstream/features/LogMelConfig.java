package dev.convstream.features;

import dev.convstream.check.Require;
import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.dsp.Decibels;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;

/**
 * Everything that defines a log-mel spectrogram: the STFT, the mel filterbank and the log
 * compression, librosa's names and defaults (see {@link #builder}).
 *
 * @param sampleRate        the rate the filterbank is built for; input must be at this rate
 * @param stft              framing, window, centring, power (2) or magnitude (1)
 * @param nMels             mel bands
 * @param fmin              lowest filter edge in Hz
 * @param fmax              highest filter edge in Hz ({@code <= 0}: sample rate / 2)
 * @param melScale          HTK or Slaney
 * @param slaneyNorm        librosa's {@code norm='slaney'} (unit-area filters) or none
 * @param amin              floor before the log, in the spectrogram's units; NaN: librosa's
 *                          default, 1e-10 for a power ({@code power_to_db}), 1e-5 for a
 *                          magnitude ({@code amplitude_to_db})
 * @param ref               what maps to 0 dB: a value (librosa's default 1.0) or the clip's
 *                          maximum ({@code ref=np.max})
 * @param topDb             clip below {@code max - topDb} over the clip, or NaN for none
 * @param bandNormalization after the log: per mel band, subtract the band's mean over the
 *                          clip's frames and divide by {@code max(std, 1e-5)} (population
 *                          std, ddof = 0); the floor keeps a constant band at 0 instead of
 *                          dividing by zero
 */
public record LogMelConfig(int sampleRate, StftConfig stft, int nMels, double fmin, double fmax,
                           MelScale melScale, boolean slaneyNorm, double amin, DbReference ref, double topDb,
                           boolean bandNormalization) {

    /** The std floor of {@link #bandNormalization}. */
    public static final double BAND_STD_FLOOR = 1e-5;

    public LogMelConfig {
        Require.atLeastOne("sample_rate", sampleRate);
        Require.notNull("stft", stft);
        Require.notNull("mel scale", melScale);
        Require.atLeastOne("n_mels", nMels);
        if (!Double.isNaN(amin)) {
            Require.positive("amin", amin);
        }
        Require.notNull("ref", ref);
        Decibels.checkTopDb(topDb);
    }

    /**
     * librosa.feature.melspectrogram + power_to_db defaults at the given rate: n_fft 2048, hop
     * 512, hann, centred with zero padding, power 2, 128 Slaney-normed Slaney mels, ref 1.0,
     * amin 1e-10, top_db 80.
     */
    public static Builder builder(int sampleRate) {
        return new Builder(sampleRate);
    }

    public double effectiveFmax() {
        return fmax > 0 ? fmax : sampleRate / 2.0;
    }

    /** A mutable builder; every setter names librosa's parameter. */
    public static final class Builder {
        private final int sampleRate;
        private int nFft = 2048;
        private int winLength = -1;
        private int hop = 512;
        private WindowType window = WindowType.HANN;
        private boolean center = true;
        private StftConfig.PadMode padMode = StftConfig.PadMode.CONSTANT;
        private int power = 2;
        private int nMels = 128;
        private double fmin = 0;
        private double fmax = 0;
        private MelScale scale = MelScale.SLANEY;
        private boolean slaneyNorm = true;
        private double amin = Double.NaN;
        private DbReference ref = DbReference.ONE;
        private double topDb = 80;
        private boolean bandNormalization = false;

        private Builder(int sampleRate) {
            this.sampleRate = sampleRate;
        }

        public Builder nFft(int v) { nFft = v; return this; }
        /** Default: n_fft. */
        public Builder winLength(int v) { winLength = v; return this; }
        public Builder hop(int v) { hop = v; return this; }
        public Builder window(WindowType v) { window = v; return this; }
        public Builder center(boolean v) { center = v; return this; }
        public Builder padMode(StftConfig.PadMode v) { padMode = v; return this; }
        /** 2 = power spectrogram, 1 = magnitude. */
        public Builder power(int v) { power = v; return this; }
        public Builder nMels(int v) { nMels = v; return this; }
        public Builder fmin(double v) { fmin = v; return this; }
        /** {@code <= 0}: sample rate / 2. */
        public Builder fmax(double v) { fmax = v; return this; }
        public Builder melScale(MelScale v) { scale = v; return this; }
        public Builder slaneyNorm(boolean v) { slaneyNorm = v; return this; }
        /** NaN: librosa's default for the dB scale in use (1e-10 of a power, 1e-5 of a magnitude). */
        public Builder amin(double v) { amin = v; return this; }
        public Builder ref(DbReference v) { ref = v; return this; }
        /** NaN: no clipping. */
        public Builder topDb(double v) { topDb = v; return this; }
        public Builder bandNormalization(boolean v) { bandNormalization = v; return this; }

        public LogMelConfig build() {
            StftConfig stft = new StftConfig(nFft, winLength < 0 ? nFft : winLength, hop, window, center, padMode, power);
            return new LogMelConfig(sampleRate, stft, nMels, fmin, fmax, scale, slaneyNorm, amin, ref, topDb,
                    bandNormalization);
        }
    }
}
