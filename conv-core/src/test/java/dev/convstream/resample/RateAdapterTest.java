package dev.convstream.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.testing.AllocationMeter;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateAdapterTest {

    private static final int MAX_BLOCK = 600;
    private static final BlockProcessor PASS = (in, out, n) -> System.arraycopy(in, 0, out, 0, n);

    /**
     * With a pass-through inside, a multitone in the lower rate's passband comes out as itself,
     * {@link RateAdapter#latency()} samples late. Tolerance 1e-4 of the 0.8 peak: the two
     * stages' ripple (measured 1e-5 dB each, {@code ResamplerBandTest}) and float rounding;
     * the target, 0.1 dB, would allow 1e-2. A latency off by one sample would miss by ~0.1.
     */
    @ParameterizedTest(name = "outer {0}, inner {1} Hz")
    @CsvSource({"44100, 48000", "48000, 44100", "48000, 16000", "16000, 48000", "44100, 47999"})
    void passThroughGivesTheInputDelayedByTheDeclaredLatency(double outer, double inner) {
        double top = 0.9 * Math.min(outer, inner) / 2;
        double[] tones = {97, 1000, top / 3, top * 0.7, top};
        float[] x = new float[(int) outer];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) multitone(tones, i / outer);
        }
        RateAdapter adapter = new RateAdapter(outer, inner, MAX_BLOCK, PASS);
        float[] y = run(adapter, x, () -> 256);
        int d = adapter.latency();
        for (int t = d + 2_000; t < y.length - 2_000; t++) {
            assertEquals(multitone(tones, (t - d) / outer), y[t], 1e-4, "frame " + t);
        }
    }

    @Test
    void latencyIsBothStagesShiftsWholeInOuterSamples() {
        RateAdapter a = new RateAdapter(44_100, 48_000, 256, PASS);
        // Input stage 44.1 -> 48 kHz: 144 taps, 72 outer samples; output stage 48 -> 44.1 kHz:
        // 156 taps, ceil(78 * 147 / 160) = 72 outer samples; no priming for a rational ratio.
        assertEquals(144, a.latency());
        // 44.1 -> 47.999 kHz is not a small fraction: the same two shifts, plus one sample of
        // FIFO priming for the rounding of double-precision times.
        assertEquals(72 + 72 + 1, new RateAdapter(44_100, 47_999, 256, PASS).latency());
    }

    @ParameterizedTest(name = "outer {0}, inner {1} Hz")
    @CsvSource({"44100, 48000", "48000, 16000", "44100, 47999"})
    void outputDoesNotDependOnHowTheStreamIsCutIntoBlocks(double outer, double inner) {
        float[] x = StreamingResamplerTest.noise(12_000, 9);
        BlockProcessor square = (in, out, n) -> {
            for (int i = 0; i < n; i++) {
                out[i] = in[i] * in[i] - 0.5f * in[i];
            }
        };
        float[] reference = run(new RateAdapter(outer, inner, MAX_BLOCK, square), x, () -> MAX_BLOCK);
        for (IntSupplier blocks : StreamingResamplerTest.blockCuttings()) {
            assertArrayEquals(reference, run(new RateAdapter(outer, inner, MAX_BLOCK, square), x, blocks));
        }
    }

    /**
     * The inner processor sees the input resampled offline (delayed by the input stage's
     * shift), and the output is its output resampled back offline (shifted by the output
     * stage's): the adapter adds nothing but the two resamplers. Same arithmetic, so within
     * float rounding of nothing: exact.
     */
    @Test
    void isTheOfflineResamplingChainAroundTheInnerProcessing() {
        double outer = 44_100;
        double inner = 48_000;
        float[] x = StreamingResamplerTest.noise(8_000, 10);
        BlockProcessor gainAndSquare = (in, out, n) -> {
            for (int i = 0; i < n; i++) {
                out[i] = 0.7f * in[i] + 0.2f * in[i] * in[i];
            }
        };
        RateAdapter adapter = new RateAdapter(outer, inner, MAX_BLOCK, gainAndSquare);
        float[] y = run(adapter, x, () -> 128);

        Resampler upR = new Resampler(outer, inner);
        Resampler downR = new Resampler(inner, outer);
        int half = upR.taps() / 2;
        float[] delayed = new float[half + x.length + 2_000];
        System.arraycopy(x, 0, delayed, half, x.length);
        float[] innerSignal = upR.resample(delayed);
        float[] processed = new float[innerSignal.length];
        gainAndSquare.process(innerSignal, processed, innerSignal.length);
        float[] back = downR.resample(processed);
        int shift = downR.newStream().latencyOutputSamples();
        for (int t = shift; t < x.length; t++) {
            assertEquals(back[t - shift], y[t], 0f, "frame " + t);
        }
    }

    @Test
    void processesInPlace() {
        float[] x = StreamingResamplerTest.noise(5_000, 12);
        float[] separate = run(new RateAdapter(48_000, 44_100, 512, PASS), x, () -> 512);
        RateAdapter a = new RateAdapter(48_000, 44_100, 512, PASS);
        float[] buf = x.clone();
        for (int i = 0; i < buf.length; i += 500) {
            a.process(buf, i, buf, i, Math.min(500, buf.length - i));
        }
        assertArrayEquals(Arrays.copyOf(separate, x.length), buf);
    }

    @Test
    @Tag("allocation")
    void processAllocatesNothing() {
        RateAdapter a = new RateAdapter(44_100, 48_000, 256, PASS);
        float[] x = StreamingResamplerTest.noise(256, 13);
        float[] y = new float[256];
        Runnable run = () -> {
            for (int i = 0; i < 300; i++) {
                a.process(x, 0, y, 0, 256);
                a.process(x, 0, y, 0, 3);
            }
        };
        assertEquals(0, new AllocationMeter().allocatedOnceWarm(run, run, 5));
    }

    @Test
    void innerBlocksNeverExceedWhatItDeclares() {
        int[] largest = {0};
        RateAdapter a = new RateAdapter(16_000, 48_000, 100, (in, out, n) -> largest[0] = Math.max(largest[0], n));
        float[] x = new float[100];
        for (int i = 0; i < 50; i++) {
            a.process(x, 0, x, 0, 100);
        }
        assertTrue(largest[0] >= 300 && largest[0] <= a.maxInnerBlock(), largest[0] + " of " + a.maxInnerBlock());
    }

    /** {@code x} and a second of silence through {@code adapter}, cut by {@code blocks}. */
    /**
     * A processor of 2 inputs and 3 outputs (outputs: input 0, twice input 0, input 1) gives on
     * each output exactly what a one-channel adapter gives on that input (doubling is exact in
     * float, and the resamplers are linear), in blocks of varying size, in place.
     */
    @ParameterizedTest(name = "outer {0}, inner {1} Hz")
    @CsvSource({"44100, 48000", "48000, 16000", "44100, 47999"})
    void everyChannelOfASeveralChannelProcessorStaysInStepWithTheMonoAdapter(double outer, double inner) {
        float[] a = StreamingResamplerTest.noise(9_000, 3);
        float[] b = StreamingResamplerTest.noise(9_000, 4);
        ChannelBlockProcessor mix = (in, out, n) -> {
            for (int i = 0; i < n; i++) {
                float x0 = in[0][i];
                out[2][i] = in[1][i];
                out[1][i] = 2 * x0;
                out[0][i] = x0;
            }
        };
        RateAdapter adapter = new RateAdapter(new Resampler(outer, inner), new Resampler(inner, outer), 2, 3,
                MAX_BLOCK, mix);
        float[][] buf = new float[3][a.length];
        buf[0] = a.clone();
        buf[1] = b.clone();
        int[] sizes = {1, 97, MAX_BLOCK, 64};
        for (int t = 0, k = 0; t < a.length; k++) {
            int n = Math.min(sizes[k % sizes.length], a.length - t);
            adapter.process(buf, t, buf, t, n);
            t += n;
        }
        float[] ya = Arrays.copyOf(run(new RateAdapter(outer, inner, MAX_BLOCK, PASS), a, () -> 256), a.length);
        float[] yb = Arrays.copyOf(run(new RateAdapter(outer, inner, MAX_BLOCK, PASS), b, () -> 256), b.length);
        float[] twice = new float[ya.length];
        for (int t = 0; t < ya.length; t++) {
            twice[t] = 2 * ya[t];
        }
        assertArrayEquals(ya, buf[0]);
        assertArrayEquals(twice, buf[1]);
        assertArrayEquals(yb, buf[2]);
    }

    static float[] run(RateAdapter adapter, float[] x, IntSupplier blocks) {
        float[] in = Arrays.copyOf(x, x.length + 2_000);
        float[] out = new float[in.length];
        for (int t = 0; t < in.length; ) {
            int n = Math.min(Math.min(blocks.getAsInt(), MAX_BLOCK), in.length - t);
            adapter.process(in, t, out, t, n);
            t += n;
        }
        return out;
    }

    private static double multitone(double[] hz, double seconds) {
        double s = 0;
        for (int k = 0; k < hz.length; k++) {
            s += 0.16 * Math.sin(2 * Math.PI * hz[k] * seconds + k);
        }
        return s;
    }
}
