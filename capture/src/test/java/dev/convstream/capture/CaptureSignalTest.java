package dev.convstream.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.audio.WavInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureSignalTest {

    private static final CaptureLayout CURRENT = CaptureLayout.CURRENT;
    private static final float[] SIGNAL = CaptureSignal.render(CURRENT);

    /**
     * SHA-256 of version 1's samples (float bits, big-endian). Changing it means the signal
     * changed: that is a new version (CaptureLayout), never an edit of version 1.
     */
    private static final String VERSION_1_SHA256 = "1160e2980801f109e815f2352ee8b2358a1c36d6952628a706d379aa078d9759";

    @Test
    void theSignalIsBitIdenticalOnEveryRun() throws Exception {
        assertArrayEquals(SIGNAL, CaptureSignal.render(CURRENT));
        ByteBuffer bytes = ByteBuffer.allocate(4 * SIGNAL.length);
        for (float v : SIGNAL) {
            bytes.putFloat(v);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        assertEquals(VERSION_1_SHA256, sha);
    }

    @Test
    void everySectionPeaksAtItsLevelAndSilenceIsSilent() {
        for (CaptureLayout.Section s : CURRENT.sections()) {
            double peak = 0;
            for (int i = s.start(); i < s.end(); i++) {
                peak = Math.max(peak, Math.abs(SIGNAL[i]));
            }
            switch (s.kind()) {
                case SILENCE -> assertEquals(0, peak, s.name());
                // the ramp ends 0 dB below its peak but its loudest pluck may fall a little before the end
                case GUITAR_RAMP -> assertEquals(s.peak(), peak, 0.25 * s.peak(), s.name());
                default -> assertEquals(s.peak(), peak, 1e-6 * s.peak() + 1e-7, s.name());
            }
        }
    }

    @Test
    void theBlipsAreTheBlip() {
        float[] blip = CaptureSignal.blip(CURRENT.sampleRate());
        for (CaptureLayout.Section b : new CaptureLayout.Section[] {CURRENT.startBlip(), CURRENT.markerBlip(), CURRENT.endBlip()}) {
            float[] found = java.util.Arrays.copyOfRange(SIGNAL, b.start(), b.end());
            assertArrayEquals(blip, found, b.name());
        }
        // Hann window: zero at both ends, -6 dBFS at its peak
        assertEquals(0, blip[0]);
        assertEquals(Math.pow(10, -6 / 20.0), maxAbs(blip), 1e-7);
    }

    /** An exponential sweep passes through the geometric mean of its ends at half time: 632 Hz for 20 Hz to 20 kHz. */
    @Test
    void aSweepIsExponentialFrom20HzTo20kHz() {
        CaptureLayout.Section sweep = CURRENT.sections().stream().filter(s -> s.kind() == CaptureLayout.Kind.SWEEP)
                .findFirst().orElseThrow();
        double rate = CURRENT.sampleRate();
        assertEquals(Math.sqrt(20 * 20_000), frequency(SIGNAL, sweep.start() + sweep.length() / 2, 960, rate), 15);
        // a quarter of the way: 20 * 1000^(1/4) = 112 Hz; three quarters: 3557 Hz
        assertEquals(20 * Math.pow(1000, 0.25), frequency(SIGNAL, sweep.start() + sweep.length() / 4, 4_800, rate), 5);
        assertEquals(20 * Math.pow(1000, 0.75), frequency(SIGNAL, sweep.start() + 3 * sweep.length() / 4, 480, rate), 60);
    }

    @Test
    void theFileHoldsTheVersionAndTheSamples(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("capture.wav");
        CaptureSignal.write(f);
        assertEquals(CURRENT.version(), WavInfo.read(f).get(CaptureSignal.VERSION_KEY));
        assertEquals(CaptureSignal.TITLE, WavInfo.read(f).get(CaptureSignal.TITLE_KEY));
        AudioFileReader.Decoded d = new AudioFileReader(new FfmpegDecoder("")).read(f);
        assertEquals(48_000f, d.sampleRate());
        assertEquals(1, d.channels().length);
        float[] x = d.channels()[0];
        assertEquals(SIGNAL.length, x.length);
        double half = 0.5 / (1 << 23) + 1e-9; // 24-bit PCM
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - SIGNAL[i]) > half) {
                throw new AssertionError("sample " + i + ": " + x[i] + " vs " + SIGNAL[i]);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
    }

    @Test
    void theCurrentVersionLastsAboutTwoMinutesTwentyAndHoldsOutItsValidation() {
        assertEquals("convstream-capture-1", CURRENT.version());
        assertEquals(48_000, CURRENT.sampleRate());
        assertEquals(6_698_048, CURRENT.length()); // 139.54 s
        assertTrue(CURRENT.validationStart() >= CURRENT.trainEnd());
        assertEquals(12.5, (CURRENT.validationEnd() - CURRENT.validationStart()) / 48_000.0, 1e-9);
    }

    private static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Frequency from the upward zero crossings of {@code x[centre - n/2, centre + n/2)}, interpolated. */
    private static double frequency(float[] x, int centre, int n, double rate) {
        double first = Double.NaN;
        double last = Double.NaN;
        int crossings = 0;
        for (int i = centre - n / 2; i < centre + n / 2; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
                if (crossings == 0) {
                    first = t;
                }
                last = t;
                crossings++;
            }
        }
        return (crossings - 1) / (last - first) * rate;
    }
}
