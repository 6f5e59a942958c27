package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.AllocationMeter;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The streamed output is the offline output shifted by the declared latency, bit for bit, for
 * any cutting of the input into blocks: both run the same dot products over the same samples
 * in the same order, so equality is exact, not within a tolerance.
 */
class StreamingResamplerTest {

    private static final int LENGTH = 9_000;

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "48000, 44100", "8000, 16000", "44100, 48000", "44100, 47999",
            "44100, 62367.99"})
    void outputShiftedByItsLatencyEqualsOfflineForAnyBlockSizes(double in, double out) {
        Resampler r = new Resampler(in, out);
        float[] x = noise(LENGTH, 1);
        float[] offline = r.resample(x);
        for (IntSupplier blocks : blockCuttings()) {
            StreamingResampler s = r.newStream();
            float[] streamed = stream(s, x, blocks);
            int d = s.latencyOutputSamples();
            assertEquals(0, s.latencyInputSamples());
            assertArrayEquals(offline, Arrays.copyOfRange(streamed, d, d + offline.length));
        }
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 44100", "8000, 16000", "44100, 48000", "44100, 47999"})
    void inputAlignedStreamIsOfflineOfTheInputDelayedByHalfTheTaps(double in, double out) {
        Resampler r = new Resampler(in, out);
        float[] x = noise(LENGTH, 2);
        StreamingResampler s = r.newInputAlignedStream();
        int d = s.latencyInputSamples();
        assertEquals(r.taps() / 2, d);
        assertEquals(0, s.latencyOutputSamples());
        float[] delayed = new float[d + x.length];
        System.arraycopy(x, 0, delayed, d, x.length);
        float[] offline = r.resample(delayed);
        for (IntSupplier blocks : blockCuttings()) {
            float[] streamed = stream(r.newInputAlignedStream(), x, blocks);
            assertArrayEquals(offline, Arrays.copyOf(streamed, offline.length));
        }
    }

    @Test
    void outputCountAfterEachInputDependsOnTheInputCountOnly() {
        Resampler r = new Resampler(44_100, 16_000);
        StreamingResampler one = r.newStream();
        StreamingResampler big = r.newStream();
        float[] x = noise(2_000, 3);
        float[] out = new float[big.maxOutput(x.length)];
        int written = 0;
        for (int t = 0; t < x.length; t++) {
            written += one.process(x, t, 1, out, 0);
        }
        assertEquals(big.process(x, 0, x.length, out, 0), written);
    }

    @Test
    void latencyIsTheFewestOutputSamplesCoveringHalfTheFilter() {
        Resampler r = new Resampler(44_100, 16_000);
        assertEquals(392, r.taps());
        assertEquals(72, r.newStream().latencyOutputSamples()); // ceil(196 * 160 / 441) = ceil(71.1)
        Resampler up = new Resampler(8_000, 16_000);
        assertEquals(144, up.newStream().latencyOutputSamples()); // 72 input samples = 144 outputs
    }

    @Test
    void resetStartsOverFromSilence() {
        Resampler r = new Resampler(48_000, 44_100);
        StreamingResampler s = r.newStream();
        float[] x = noise(3_000, 4);
        float[] first = stream(s, x, () -> 64);
        s.reset();
        assertArrayEquals(first, stream(s, x, () -> 64));
    }

    @Test
    @Tag("allocation")
    void processAllocatesNothing() {
        StreamingResampler s = new Resampler(44_100, 48_000).newStream();
        float[] x = noise(512, 5);
        float[] y = new float[s.maxOutput(512)];
        Runnable run = () -> {
            for (int i = 0; i < 200; i++) {
                s.process(x, 0, 512, y, 0);
                s.process(x, 0, 7, y, 0);
            }
        };
        assertEquals(0, new AllocationMeter().allocatedOnceWarm(run, run, 5));
    }

    @Test
    void refusesAnOutputTooShortForWhatTheInputMayComplete() {
        StreamingResampler s = new Resampler(16_000, 48_000).newStream();
        float[] x = new float[100];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.process(x, 0, 100, new float[300], 0));
        assertTrue(e.getMessage().contains("maxOutput(100)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.process(x, 50, 60, new float[400], 0));
    }

    /** Every output of {@code x} and then enough silence to flush the filter, fed in blocks. */
    static float[] stream(StreamingResampler s, float[] x, IntSupplier blocks) {
        float[] padded = Arrays.copyOf(x, x.length + 4_000);
        float[] out = new float[s.maxOutput(padded.length) * 2];
        float[] scratch = new float[s.maxOutput(600)];
        int written = 0;
        for (int fed = 0; fed < padded.length; ) {
            int n = Math.min(blocks.getAsInt(), padded.length - fed);
            int got = s.process(padded, fed, n, scratch, 0);
            assertTrue(got <= s.maxOutput(n), got + " outputs from " + n + " inputs");
            System.arraycopy(scratch, 0, out, written, got);
            written += got;
            fed += n;
        }
        return Arrays.copyOf(out, written);
    }

    /** Blocks of 1, 7, 64, 511 frames, and a seeded mix of 0 to 600. */
    static IntSupplier[] blockCuttings() {
        Random mixed = new Random(11);
        return new IntSupplier[] {() -> 1, () -> 7, () -> 64, () -> 511, () -> mixed.nextInt(601)};
    }

    static float[] noise(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 0.3);
        }
        return x;
    }
}
