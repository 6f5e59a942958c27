package dev.convstream.live.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.SignalTap;
import org.junit.jupiter.api.Test;

class SpectrogramFeedTest {

    private static final double RATE = 48_000;

    @Test
    void aFullScaleSineTopsTheDisplayInItsBandAndAQuieterOneSitsItsLevelLower() {
        SignalTap tap = new SignalTap(1 << 15);
        SpectrogramFeed feed = new SpectrogramFeed(tap, RATE);
        write(tap, 1000, 1.0, 0, 8192);
        byte[] loud = feed.poll();
        write(tap, 1000, 0.1, 8192, 8192);
        byte[] quiet = feed.poll();
        // n_fft 1024, hop 512: 8192 samples complete 15 frames from the start, then 16 more.
        assertEquals(15 * SpectrogramFeed.MELS, loud.length);
        assertEquals(16 * SpectrogramFeed.MELS, quiet.length);
        int band = peakBand(loud, 14);
        assertEquals(255, level(loud, 14, band), "the reference is a full-scale 1 kHz sine");
        // -20 dB is 20/90 of the display's range below the top: 255 * 70/90 = 198.3.
        assertEquals(band, peakBand(quiet, 15));
        assertEquals(198.3, level(quiet, 15, band), 1.5);
    }

    @Test
    void silenceIsBlackAndNothingNewGivesNoColumns() {
        SignalTap tap = new SignalTap(1 << 15);
        SpectrogramFeed feed = new SpectrogramFeed(tap, RATE);
        assertEquals(0, feed.poll().length);
        write(tap, 0, 0, 0, 2048);
        for (byte b : feed.poll()) {
            assertEquals(0, b);
        }
    }

    @Test
    void aFeedThatFellBehindSkipsToTheNewestSamples() {
        SignalTap tap = new SignalTap(1 << 12);
        SpectrogramFeed feed = new SpectrogramFeed(tap, RATE);
        write(tap, 1000, 0.5, 0, 100_000);
        byte[] columns = feed.poll();
        // The window is half the tap (2048 samples): (2048 - 1024) / 512 + 1 = 3 frames.
        assertEquals(3 * SpectrogramFeed.MELS, columns.length);
        assertTrue(level(columns, 2, peakBand(columns, 2)) > 200);
    }

    private static void write(SignalTap tap, double hz, double amplitude, long from, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * (from + i) / RATE));
        }
        tap.write(x, 0, n);
    }

    private static int peakBand(byte[] columns, int column) {
        int best = 0;
        for (int m = 0; m < SpectrogramFeed.MELS; m++) {
            if (level(columns, column, m) > level(columns, column, best)) {
                best = m;
            }
        }
        return best;
    }

    private static int level(byte[] columns, int column, int band) {
        return columns[column * SpectrogramFeed.MELS + band] & 0xff;
    }
}
