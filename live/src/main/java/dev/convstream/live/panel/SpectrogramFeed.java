package dev.convstream.live.panel;

import dev.convstream.features.LogMelConfig;
import dev.convstream.features.StreamingFeatureExtractor;
import dev.convstream.live.SignalTap;
import java.io.ByteArrayOutputStream;

/**
 * A live log-mel spectrogram of one {@link SignalTap}, computed on the panel's thread with the
 * streaming front end ({@link StreamingFeatureExtractor}: Hann STFT, Slaney mel bands, power
 * in dB), as columns of {@link #MELS} bytes: 255 is a full-scale sine's peak band, 0 is
 * {@link #RANGE_DB} below it.
 *
 * <p>Each {@link #poll} consumes what the audio thread wrote since the previous one. When the
 * panel fell further behind than the tap holds, it skips to the newest samples and starts the
 * STFT afresh (a display may drop audio; it never makes the audio thread wait).
 */
final class SpectrogramFeed {

    /** Mel bands per column. */
    static final int MELS = 64;
    /** Dynamic range shown, in dB below full scale. */
    static final double RANGE_DB = 90;

    private final SignalTap tap;
    private final LogMelConfig config;
    private final StreamingFeatureExtractor extractor;
    private final float[] window;
    private final float[] frames;
    private final float referenceDb;
    private long consumed;

    /** A feed of {@code tap}, whose signal runs at {@code sampleRate}, from the tap's current position. */
    SpectrogramFeed(SignalTap tap, double sampleRate) {
        this.tap = tap;
        int rate = (int) Math.round(sampleRate);
        // About 21 ms per STFT frame whatever the rate (1024 at 48 kHz), half of it per hop.
        int nFft = Integer.highestOneBit((int) Math.max(256, Math.round(1024 * sampleRate / 48_000)));
        this.config = LogMelConfig.builder(rate).nFft(nFft).hop(nFft / 2).center(false).nMels(MELS)
                .fmin(20).topDb(Double.NaN).build();
        this.extractor = new StreamingFeatureExtractor(config, null);
        this.window = new float[tap.capacity() / 2];
        this.frames = new float[extractor.maxFrames(window.length) * MELS];
        this.referenceDb = fullScaleSineDb(config);
        this.consumed = tap.position();
    }

    /** Columns per second. */
    double columnsPerSecond() {
        return config.sampleRate() / (double) config.stft().hop();
    }

    /**
     * The columns completed since the previous poll, oldest first, {@link #MELS} bytes each
     * (lowest band first).
     */
    byte[] poll() {
        long end = tap.latest(window, window.length);
        long fresh = end - consumed;
        if (fresh <= 0) {
            return new byte[0];
        }
        if (fresh > window.length) {
            extractor.reset();
            fresh = window.length;
        }
        int n = extractor.process(window, window.length - (int) fresh, (int) fresh, frames, 0);
        consumed = end;
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * MELS);
        for (int i = 0; i < n * MELS; i++) {
            double level = (frames[i] - referenceDb + RANGE_DB) / RANGE_DB;
            out.write((int) Math.round(255 * Math.max(0, Math.min(1, level))));
        }
        return out.toByteArray();
    }

    /** The highest band's dB for a full-scale 1 kHz sine: the top of the display. */
    private static float fullScaleSineDb(LogMelConfig config) {
        StreamingFeatureExtractor probe = new StreamingFeatureExtractor(config, null);
        int n = config.stft().nFft();
        float[] sine = new float[n];
        for (int i = 0; i < n; i++) {
            sine[i] = (float) Math.sin(2 * Math.PI * 1000 * i / config.sampleRate());
        }
        float[] frame = new float[probe.maxFrames(n) * MELS];
        probe.process(sine, 0, n, frame, 0);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : frame) {
            max = Math.max(max, v);
        }
        return max;
    }
}
