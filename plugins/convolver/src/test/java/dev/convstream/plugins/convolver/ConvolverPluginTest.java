package dev.convstream.plugins.convolver;

import dev.convstream.plugin.WarmUp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.kernel.Kernels;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ProcessingMode;
import dev.convstream.resample.Resampler;
import dev.convstream.testing.NaiveConv;
import dev.convstream.testing.TestWav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConvolverPluginTest {

    /** Warm-up kept short: these tests check results, not JIT timing. */
    private static final WarmUp QUICK = new WarmUp(256, 20_000_000L);

    private static final float RATE = 48_000;

    @TempDir
    Path dir;

    private static ConvolverPlugin plugin() {
        return new ConvolverPlugin(new ImpulseResponseReader(), Kernels.scalar(), QUICK);
    }

    private static float[] noise(int n, long seed, double amp) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (amp * (r.nextDouble() * 2 - 1));
        }
        return a;
    }

    /** Direct convolution in double, the first {@code x.length} outputs, rounded to float. */
    private static float[] convolve(float[] h, float[] x) {
        double[] d = NaiveConv.fir(h, x);
        float[] y = new float[d.length];
        for (int n = 0; n < y.length; n++) {
            y[n] = (float) d[n];
        }
        return y;
    }

    private static void run(ConvolverPlugin p, float[][] buf, int block) {
        AudioBlock view = new AudioBlock();
        for (int pos = 0; pos < buf[0].length; pos += block) {
            p.process(view.set(buf, pos, Math.min(block, buf[0].length - pos)));
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": frame " + i + " expected " + expected[i] + " found " + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }

    /** The 16-bit response as the plugin reads it back. */
    private static float[] read(Path wav) throws IOException {
        return new ImpulseResponseReader().read(wav).channel(0);
    }

    @Test
    void mixZeroIsTheDryInputExactly() throws Exception {
        Path ir = TestWav.write16(dir.resolve("ir.wav"), new float[][] {noise(300, 1, 0.5)}, RATE);
        float[] x = noise(2000, 2, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", ir.toString());
            p.parameters().get("mix").set(0);
            p.prepare(new ProcessSpec(RATE, 256, 1));
            float[][] buf = {x.clone()};
            run(p, buf, 100);
            assertArrayEquals(x, buf[0]);
        }
    }

    @Test
    void halfMixWithGainAndNormalisationBlendsDryAndScaledWet() throws Exception {
        Path irPath = TestWav.write16(dir.resolve("ir.wav"), new float[][] {noise(300, 1, 0.5)}, RATE);
        float[] h = read(irPath);
        double l2 = 0;
        for (float v : h) {
            l2 += (double) v * v;
        }
        float[] x = noise(2000, 2, 0.5);
        float[] wet = convolve(h, x);
        double g = Math.pow(10, -6 / 20.0) / Math.sqrt(l2);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (0.5 * x[i] + 0.5 * g * wet[i]);
        }
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", irPath.toString());
            p.parameters().get("mix").set(0.5);
            p.parameters().get("ir_gain").set(-6);
            p.prepare(new ProcessSpec(RATE, 256, 1));
            float[][] buf = {x.clone()};
            run(p, buf, 100);
            // float32 direct sums of 300 terms against a double reference, plus the gain roundings
            assertClose(expected, buf[0], 1e-5, "0.5 dry + 0.5 * -6 dB * normalised wet");
        }
    }

    /**
     * A file render ({@link ProcessingMode#OFFLINE}) skips the warm-up: prepare returns although
     * this one would run for an hour, and the output is the warmed-up real-time plugin's, bit for
     * bit (the warm-up ends in a reset).
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void offlinePrepareSkipsTheWarmUpAndSoundsTheSame() throws Exception {
        Path irPath = TestWav.write16(dir.resolve("ir.wav"), new float[][] {noise(5000, 3, 0.3)}, RATE);
        float[] x = noise(6000, 4, 0.5);
        float[][] live = {x.clone()};
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", irPath.toString());
            p.prepare(new ProcessSpec(RATE, 128, 1));
            run(p, live, 100);
        }
        float[][] offline = {x.clone()};
        try (ConvolverPlugin p = new ConvolverPlugin(new ImpulseResponseReader(), Kernels.scalar(),
                new WarmUp(Long.MAX_VALUE, 3_600_000_000_000L))) {
            p.setResource("ir", irPath.toString());
            p.prepare(new ProcessSpec(RATE, 128, 1, 1, ProcessingMode.OFFLINE));
            run(p, offline, 100);
        }
        assertArrayEquals(live[0], offline[0]);
    }

    @Test
    void monoResponseConvolvesEveryChannelWithItsOwnState() throws Exception {
        Path irPath = TestWav.write16(dir.resolve("ir.wav"), new float[][] {noise(700, 3, 0.3)}, RATE);
        float[] h = read(irPath);
        float[] left = noise(3000, 4, 0.5);
        float[] right = noise(3000, 5, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", irPath.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(RATE, 128, 2));
            float[][] buf = {left.clone(), right.clone()};
            run(p, buf, 50);
            assertClose(convolve(h, left), buf[0], 1e-5, "left");
            assertClose(convolve(h, right), buf[1], 1e-5, "right");
        }
    }

    @Test
    void anImpulseThroughATwoSecondReverbAt48kHzReproducesTheResponse() throws Exception {
        // 96,000 taps: a 2 s reverb, 187 tail partitions of 512.
        float[] h = noise(96_000, 6, 0.5);
        for (int i = 0; i < h.length; i++) {
            h[i] *= (float) Math.exp(-i / 20_000.0);
        }
        Path irPath = TestWav.write16(dir.resolve("reverb.wav"), new float[][] {h}, RATE);
        float[] taps = read(irPath);
        float[] x = new float[taps.length + 100];
        x[0] = 1f;
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", irPath.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(RATE, 512, 1));
            assertEquals(0, p.latencySamples(), "no latency for a 2 s response");
            float[][] buf = {x};
            run(p, buf, 441);
            float[] expected = Arrays.copyOf(taps, x.length);
            // one impulse: each output is one tap through the FFT path, float32 rounding ~1e-7
            assertClose(expected, buf[0], 1e-6, "impulse response of the convolver");
        }
    }

    /**
     * A response recorded at 44.1 kHz in a 48 kHz host is resampled when loaded: the output is
     * the direct convolution with conv-core's offline resampling of the taps, scaled by
     * 44100/48000 (the gain-keeping factor). Tolerance as for the other direct comparisons.
     */
    @Test
    void responseAtAnotherSampleRateIsResampledToTheHostsAtLoad() throws Exception {
        Path ir = TestWav.write16(dir.resolve("cab44.wav"), new float[][] {noise(300, 1, 0.5)}, 44_100);
        float[] resampled = new Resampler(44_100, 48_000).resample(read(ir));
        for (int i = 0; i < resampled.length; i++) {
            resampled[i] *= 44_100f / 48_000f;
        }
        float[] x = noise(2_000, 2, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", ir.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(48_000, 64, 1));
            assertEquals(0, p.latencySamples(), "tap 0 stays at time 0");
            float[][] buf = {x.clone()};
            run(p, buf, 64);
            assertClose(convolve(resampled, x), buf[0], 1e-5, "44.1 kHz response in a 48 kHz host");
        }
    }

    /**
     * Independent of the resampler's internals: a smooth pulse (a Gaussian 8 samples wide,
     * peaking 300 samples in) recorded at 96 kHz keeps, in a 48 kHz host, its place in time
     * (peak 150 samples in) and its DC gain (the sum of its taps), within 1e-4 relative: the
     * pulse's band ends far below 24 kHz, where the resampler is flat within 1e-5 dB.
     */
    @Test
    void resampledResponseKeepsItsTimingAndGain() throws Exception {
        float[] pulse = new float[2_000];
        for (int i = 0; i < pulse.length; i++) {
            pulse[i] = (float) (0.5 * Math.exp(-0.5 * Math.pow((i - 300) / 8.0, 2)));
        }
        Path ir = TestWav.write16(dir.resolve("pulse96.wav"), new float[][] {pulse}, 96_000);
        double dcGain = 0;
        for (float v : read(ir)) {
            dcGain += v;
        }
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", ir.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(48_000, 256, 1));
            float[][] impulse = {new float[1_024]};
            impulse[0][0] = 1f;
            run(p, impulse, 256);
            int peak = 0;
            for (int i = 1; i < impulse[0].length; i++) {
                peak = impulse[0][i] > impulse[0][peak] ? i : peak;
            }
            assertEquals(150, peak, "peak at 300 samples of 96 kHz");
            p.reset();
            float[][] dc = {new float[4_096]};
            Arrays.fill(dc[0], 0.25f);
            run(p, dc, 256);
            assertEquals(0.25 * dcGain, dc[0][4_000], 1e-4 * 0.25 * dcGain, "DC gain of the resampled response");
        }
    }

    @Test
    void loadingAResponseOfAnotherRateWhilePreparedResamplesIt() throws Exception {
        Path good = TestWav.write16(dir.resolve("good.wav"), new float[][] {noise(50, 1, 0.5)}, RATE);
        Path other = TestWav.write16(dir.resolve("other.wav"), new float[][] {noise(50, 2, 0.5)}, 96_000);
        float[] x = noise(500, 3, 0.5);
        float[] resampled = new Resampler(96_000, RATE).resample(read(other));
        for (int i = 0; i < resampled.length; i++) {
            resampled[i] *= 96_000f / RATE;
        }
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", good.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(RATE, 64, 1));
            p.setResource("ir", other.toString());
            assertEquals(Map.of("ir", other.toString()), p.resources());
            float[][] buf = {x.clone()};
            run(p, buf, 64);
            // The first block may still ramp from the previous response; compare after it.
            assertClose(Arrays.copyOfRange(convolve(resampled, x), 64, x.length), Arrays.copyOfRange(buf[0], 64, x.length),
                    1e-5, "the 96 kHz response, resampled");
        }
    }

    @Test
    void responseWithAChannelCountOtherThanOneOrTheStreamsIsRefused() throws Exception {
        Path stereo = TestWav.write16(dir.resolve("stereo.wav"),
                new float[][] {noise(50, 1, 0.5), noise(50, 2, 0.5)}, RATE);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", stereo.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.prepare(new ProcessSpec(RATE, 64, 3)));
            assertTrue(e.getMessage().contains("stereo.wav") && e.getMessage().contains("2 channels")
                    && e.getMessage().contains("3"), e.getMessage());
        }
    }

    /** {@code x} through {@code p} (mono, blocks of 64) is {@code x} convolved with the response in {@code ir}. */
    private static void assertPlays(ConvolverPlugin p, Path ir, float[] x, String what) throws IOException {
        float[][] buf = {x.clone()};
        run(p, buf, 64);
        assertClose(convolve(read(ir), x), buf[0], 1e-5, what);
    }

    /** A 40-tap stereo response, {@code stereo.wav}. */
    private Path stereoResponse() throws IOException {
        return TestWav.write16(dir.resolve("stereo.wav"), new float[][] {noise(40, 2, 0.5), noise(40, 3, 0.5)}, RATE);
    }

    @Test
    void channelMappingFollowsTheResponsesChannelCount() throws Exception {
        Path mono = TestWav.write16(dir.resolve("mono.wav"), new float[][] {noise(40, 1, 0.5)}, RATE);
        Path stereo = stereoResponse();
        try (ConvolverPlugin p = plugin()) {
            assertTrue(p.channelMapping().isPerChannel(), "no response: " + p.channelMapping());
            p.setResource("ir", mono.toString());
            assertTrue(p.channelMapping().isPerChannel(), "mono response: " + p.channelMapping());
            p.setResource("ir", stereo.toString());
            assertEquals(Map.of(1, 2, 2, 2), p.channelMapping().routes());
            assertEquals("1 -> 2 or 2 -> 2 (impulse response " + stereo + " has 2 channels)",
                    p.channelMapping().toString());
        }
    }

    @Test
    void aLayoutTheMappingDoesNotGiveIsRefusedAtPrepareNamingThePluginAndFile() throws Exception {
        Path stereo = stereoResponse();
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", stereo.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.prepare(new ProcessSpec(RATE, 64, 1, 1)));
            assertEquals("plugin 'convolver' cannot run 1 -> 1 channels: it maps 1 -> 2 or 2 -> 2 (impulse response "
                    + stereo + " has 2 channels)", e.getMessage());
        }
    }

    /** The output channel count is fixed while audio runs: a response that would change it is refused, the old one plays on. */
    @Test
    void aStereoResponseLoadedIntoAMonoStreamWhilePreparedIsRefusedKeepingThePreviousOne() throws Exception {
        float[] h = noise(40, 1, 0.5);
        Path mono = TestWav.write16(dir.resolve("mono.wav"), new float[][] {h}, RATE);
        Path stereo = stereoResponse();
        float[] x = noise(300, 4, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", mono.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(RATE, 64, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setResource("ir", stereo.toString()));
            assertTrue(e.getMessage().contains("stereo.wav has 2 channels")
                    && e.getMessage().contains("prepared for 1 -> 1 channels"), e.getMessage());
            assertEquals(Map.of("ir", mono.toString()), p.resources());
            assertPlays(p, mono, x, "still the mono response");
        }
    }

    /** Prepared mono to stereo, a mono response swapped in feeds both outputs. */
    @Test
    void aMonoResponseSwappedIntoAMonoToStereoLayoutFeedsEveryOutput() throws Exception {
        Path stereo = stereoResponse();
        Path mono = TestWav.write16(dir.resolve("mono.wav"), new float[][] {noise(40, 1, 0.5)}, RATE);
        float[] x = noise(300, 4, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.setResource("ir", stereo.toString());
            p.parameters().get("normalize").set(0);
            p.prepare(new ProcessSpec(RATE, 64, 1, 2));
            p.setResource("ir", mono.toString());
            float[][] buf = {x.clone(), new float[x.length]};
            run(p, buf, 64);
            float[] expected = convolve(read(mono), x);
            assertClose(expected, buf[0], 1e-5, "left");
            assertClose(expected, buf[1], 1e-5, "right");
        }
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nowhere/cab.wav");
        try (ConvolverPlugin p = plugin()) {
            IOException e = assertThrows(IOException.class, () -> p.setResource("ir", missing.toString()));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void fileThatIsNotAudioIsReportedWithItsPath() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "not a wave file at all");
        try (ConvolverPlugin p = plugin()) {
            IOException e = assertThrows(IOException.class, () -> p.setResource("ir", text.toString()));
            assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
            assertTrue(p.resources().isEmpty());
        }
    }

    @Test
    void floatFileWithANanSampleIsRefusedNamingFileAndFrame() throws Exception {
        // A 32-bit float mono WAV of 3 samples, the second NaN.
        javax.sound.sampled.AudioFormat f = new javax.sound.sampled.AudioFormat(
                javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT, RATE, 32, 1, 4, RATE, false);
        Path nan = TestWav.write(dir.resolve("nan.wav"), new float[][] {{0.5f, Float.NaN, 0.25f}}, f,
                javax.sound.sampled.AudioFileFormat.Type.WAVE);
        try (ConvolverPlugin p = plugin()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setResource("ir", nan.toString()));
            assertTrue(e.getMessage().contains("nan.wav") && e.getMessage().contains("frame 1"), e.getMessage());
        }
    }

    @Test
    void withoutAResponseAudioPassesUnchanged() {
        float[] x = noise(300, 6, 0.5);
        try (ConvolverPlugin p = plugin()) {
            p.prepare(new ProcessSpec(RATE, 64, 1));
            float[][] buf = {x.clone()};
            run(p, buf, 64);
            assertArrayEquals(x, buf[0]);
        }
    }
}
