package dev.convstream.plugins.wavenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.host.ChainBuilder;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.FfmpegDecoder;
import dev.convstream.host.FileProcessor;
import dev.convstream.host.HostInjector;
import dev.convstream.host.PluginRegistry;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.PluginChain;
import com.google.inject.Injector;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestWav;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example chain, {@code wavenet(model=..., input_gain=-6) -> convolver(ir=..., mix=1)},
 * through the host: discovered by ServiceLoader, parsed, run on a stereo WAV file, and equal to
 * the model and the convolution applied by hand.
 */
class WaveNetConvolverChainTest {

    private static final float RATE = 48_000;
    private static final int FRAMES = 6_000;

    @TempDir
    Path dir;

    @Test
    void ampThenCabinetChainParsesAndRunsOnAFile() throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp model.nam"), 9, RATE, -12.0);
        float[] cab = new float[300]; // > 96 taps: direct head + FFT tail
        Random r = new Random(3);
        for (int i = 0; i < cab.length; i++) {
            cab[i] = (float) (r.nextGaussian() * 0.3 * Math.exp(-i / 60.0));
        }
        Path ir = TestWav.write16(dir.resolve("cab.wav"), new float[][] {cab}, RATE);
        float[][] input = new float[2][FRAMES];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < FRAMES; i++) {
                input[c][i] = (float) (0.5 * Math.sin(2 * Math.PI * (110 + 55 * c) * i / RATE) + 0.05 * r.nextGaussian());
            }
        }
        Path in = TestWav.write16(dir.resolve("di.wav"), input, RATE);
        Path out = dir.resolve("out.wav");

        Injector injector = HostInjector.create();
        PluginRegistry registry = injector.getInstance(PluginRegistry.class);
        assertTrue(registry.ids().contains("nam") && registry.ids().contains("convolver"), registry.ids().toString());
        assertEquals("nam", registry.aliases().get("wavenet"), "the former id still names the plugin");
        String chain = "wavenet(model=\"" + model + "\", input_gain=-6) -> convolver(ir=\"" + ir + "\", mix=1)";
        ChainBuilder chains = injector.getInstance(ChainBuilder.class);
        FileProcessor.Result result;
        String json;
        try (PluginChain plugins = chains.build(chain)) {
            assertEquals(2, plugins.size());
            result = new FileProcessor(new AudioFileReader(new FfmpegDecoder(""))).process(in, out, plugins, 256);
            json = chains.toJson(plugins);
        }
        // The JSON form saves both resources and builds the same chain again.
        assertTrue(json.contains("amp model.nam") && json.contains("cab.wav"), json);
        Path again = dir.resolve("again.wav");
        try (PluginChain plugins = chains.build(json)) {
            new FileProcessor(new AudioFileReader(new FfmpegDecoder(""))).process(in, again, plugins, 100);
        }
        float[][] first = TestWav.read(out).samples();
        float[][] second = TestWav.read(again).samples();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < FRAMES; i++) {
                // other block size, same 16-bit result up to one step of rounding
                assertTrue(Math.abs(first[c][i] - second[c][i]) <= 1.0 / 32768 + 1e-6,
                        "JSON-built chain, channel " + c + " frame " + i);
            }
        }
        assertEquals(FRAMES, result.frames());
        assertEquals(0, result.latencyCompensated(), "both plugins have no latency");

        // By hand: what the host decoded, -6 dB, the model, NAM's -18 dB normalisation of a
        // -12 dB model (-6 dB), then the cabinet normalised to unit L2 norm.
        float[][] x = TestWav.read(in).samples();
        float[] h = TestWav.read(ir).samples()[0];
        double l2 = 0;
        for (float v : h) {
            l2 += (double) v * v;
        }
        float[][] y = TestWav.read(out).samples();
        float peak = 0;
        for (float v : y[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 0.01, "the chain's output is not silence: peak " + peak);
        for (int c = 0; c < 2; c++) {
            float[] amp = x[c].clone();
            for (int i = 0; i < amp.length; i++) {
                amp[i] *= (float) Math.pow(10, -6 / 20.0);
            }
            StreamingModel m = new NamLoader().load(model).newModel(Kernels.scalar());
            amp = m.processOffline(amp);
            for (int i = 0; i < FRAMES; i++) {
                double s = 0;
                for (int k = 0; k < h.length && k <= i; k++) {
                    s += (double) h[k] * amp[i - k];
                }
                double expected = s * Math.pow(10, -6 / 20.0) / Math.sqrt(l2);
                // the output file is 16-bit: rounding to it is half a step; float paths add ~1e-6
                if (!(Math.abs(expected - y[c][i]) <= 1.0 / 32768 + 1e-5)) {
                    fail("channel " + c + " frame " + i + " expected " + expected + " found " + y[c][i]);
                }
            }
        }
    }

    /**
     * A 44.1 kHz model in a 48 kHz file run: the plugin runs it behind the resampler and reports
     * the latency, the file processor compensates it, and the file is the offline chain
     * ({@link ResampledReference}) sample for sample: 16-bit output, so within half a step of
     * rounding plus the float paths (1e-5).
     */
    @Test
    void aModelAtAnotherRateRunsResampledAndItsLatencyIsCompensated() throws Exception {
        Path model = NamDocuments.write(dir.resolve("amp44.nam"), 9, 44_100, null);
        float[] x = new float[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / RATE));
        }
        Path in = TestWav.write16(dir.resolve("di.wav"), new float[][] {x}, RATE);
        Path out = dir.resolve("o.wav");
        ChainBuilder chains = HostInjector.create().getInstance(ChainBuilder.class);
        FileProcessor.Result result;
        try (PluginChain plugins = chains.build("nam(model=\"" + model + "\")")) {
            result = new FileProcessor(new AudioFileReader(new FfmpegDecoder(""))).process(in, out, plugins, 256);
        }
        int inputShift = ResampledReference.inputShift(model, RATE);
        int shift = ResampledReference.shift(model, RATE);
        assertEquals(inputShift + shift, result.latencyCompensated(), "both resamplers' shifts");
        float[] y = TestWav.read(out).samples()[0];
        assertEquals(FRAMES, y.length);
        // The file starts inputShift + shift samples into the stream: at the offline chain's
        // time 0 shifted by the input stage alone, which the reference includes.
        float[] decoded = TestWav.read(in).samples()[0];
        float[] expected = ResampledReference.of(model, decoded, RATE, Kernels.scalar());
        for (int i = 0; i + inputShift < expected.length; i++) {
            if (!(Math.abs(expected[i + inputShift] - y[i]) <= 1.0 / 32768 + 1e-5)) {
                fail("frame " + i + " expected " + expected[i + inputShift] + " found " + y[i]);
            }
        }
    }
}
