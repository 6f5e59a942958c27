package dev.convstream.plugins.wavenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.ChannelMapping;
import dev.convstream.plugin.ChannelPlan;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.WarmUp;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.NamDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code nam} plugin on models of several channels: a model of N inputs and M outputs maps
 * {@code N -> M}, reads the block's first N channels and writes M; at unit gains (and a file
 * without loudness, so no normalisation) its output is the model's own, bit for bit; a block of
 * other counts is refused at prepare naming the file and the counts; a swap to a model of other
 * counts is refused and the playing model keeps playing.
 */
class WaveNetPluginChannelsTest {

    private static final double RATE = 48_000;
    private static final WarmUp QUICK = new WarmUp(256, 50_000_000L);
    private static final int LENGTH = 3_000;

    @TempDir
    Path dir;

    private static WaveNetPlugin plugin() {
        return new WaveNetPlugin(new NamLoader(), Kernels.preferred(), QUICK);
    }

    private Path write(String name, ObjectNode doc) throws IOException {
        return NamDocuments.write(dir.resolve(name), doc);
    }

    private static float[][] signal(int channels, int n, long seed) {
        float[][] x = new float[channels][n];
        java.util.Random r = new java.util.Random(seed);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                x[c][i] = (float) (0.5 * Math.sin(2 * Math.PI * (220 + 110 * c) * i / RATE) + 0.1 * (r.nextDouble() - 0.5));
            }
        }
        return x;
    }

    /** {@code input} (N rows) through the plugin in blocks of {@code block}, on a block of max(N, M) arrays; its M outputs. */
    private static float[][] play(WaveNetPlugin p, ProcessSpec spec, float[][] input, int block) {
        float[][] buf = new float[spec.blockChannels()][];
        for (int c = 0; c < buf.length; c++) {
            buf[c] = c < input.length ? input[c].clone() : new float[input[0].length];
        }
        AudioBlock view = new AudioBlock();
        for (int pos = 0; pos < buf[0].length; pos += block) {
            p.process(view.set(buf, pos, Math.min(block, buf[0].length - pos)));
        }
        return Arrays.copyOf(buf, spec.outputChannels());
    }

    private static float[][] model(Path file, float[][] x) throws IOException {
        StreamingModel m = new NamLoader().load(file).newModel(Kernels.preferred());
        return m.processOffline(x);
    }

    @Test
    void eachModelOfSeveralChannelsPlaysAsTheModelAloneBitForBit() throws Exception {
        Object[][] cases = {
                {"wavenet-2-2.nam", NamDocuments.waveNetChannels(2, 2, 81), 2, 2},
                {"lstm-2-2.nam", NamDocuments.lstmChannels(2, 3, 2, 2, 82), 2, 2},
                {"convnet-2-3.nam", NamDocuments.convNetChannels(2, 4, new int[] {1, 2, 4}, 3, 83), 2, 3},
                {"linear-2-1.nam", NamDocuments.linearChannels(37, 2, 1, true, 84), 2, 1},
                {"linear-1-2.nam", NamDocuments.linearChannels(37, 1, 2, true, 85), 1, 2}};
        for (Object[] c : cases) {
            Path file = write((String) c[0], (ObjectNode) c[1]);
            int in = (int) c[2];
            int out = (int) c[3];
            try (WaveNetPlugin p = plugin()) {
                p.setResource("model", file.toString());
                assertEquals(ChannelMapping.of(in, out).because("model " + file + " has " + in
                        + (in == 1 ? " input" : " inputs") + " and " + out + (out == 1 ? " output" : " outputs")),
                        p.channelMapping());
                ProcessSpec spec = ChannelPlan.of(p, in).spec(RATE, 128);
                assertEquals(out, spec.outputChannels());
                p.prepare(spec);
                float[][] x = signal(in, LENGTH, 7);
                float[][] expected = model(file, x);
                float[][] y = play(p, spec, x, 100);
                for (int o = 0; o < out; o++) {
                    assertArrayEquals(expected[o], y[o], c[0] + " output " + o);
                }
            }
        }
    }

    @Test
    void aBlockOfFewerChannelsThanTheModelNeedsIsRefusedNamingTheFileAndCounts() throws Exception {
        Path file = write("stereo.nam", NamDocuments.waveNetChannels(2, 2, 86));
        try (WaveNetPlugin p = plugin()) {
            p.setResource("model", file.toString());
            IllegalArgumentException plan = assertThrows(IllegalArgumentException.class, () -> ChannelPlan.of(p, 1));
            assertTrue(plan.getMessage().contains("cannot take 1 channel(s)")
                    && plan.getMessage().contains("2 -> 2 (model " + file + " has 2 inputs and 2 outputs)"),
                    plan.getMessage());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.prepare(new ProcessSpec(RATE, 64, 1)));
            String m = e.getMessage();
            assertTrue(m.contains("plugin 'nam': model " + file + " has 2 inputs and 2 outputs")
                    && m.contains("reads the block's first 2 channel(s) and writes 2") && m.contains("prepared for 1 -> 1"), m);
            float[][] mono = {signal(1, 64, 1)[0]};
            float[][] before = {mono[0].clone()};
            p.process(new AudioBlock().set(mono, 0, 64));
            assertArrayEquals(before[0], mono[0], "a refused prepare passes audio unchanged");
        }
    }

    @Test
    void aSwapToAModelOfOtherChannelCountsIsRefusedAndThePlayingModelKeepsPlaying() throws Exception {
        Path stereo = write("stereo.nam", NamDocuments.waveNetChannels(2, 2, 87));
        Path wider = write("wider.nam", NamDocuments.convNetChannels(2, 4, new int[] {1, 2}, 3, 88));
        Path mono = NamDocuments.write(dir.resolve("mono.nam"), 3, RATE, null);
        float[][] x = signal(2, LENGTH, 8);
        float[][] expected = model(stereo, x);
        try (WaveNetPlugin p = plugin()) {
            p.setResource("model", stereo.toString());
            ProcessSpec spec = new ProcessSpec(RATE, 100, 2);
            p.prepare(spec);
            float[][] buf = {x[0].clone(), x[1].clone()};
            AudioBlock view = new AudioBlock();
            p.process(view.set(buf, 0, 100));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setResource("model", wider.toString()));
            assertTrue(e.getMessage().contains("model " + wider + " has 2 inputs and 3 outputs")
                    && e.getMessage().contains("prepared for 2 -> 2") && e.getMessage().contains("keeps playing"),
                    e.getMessage());
            assertEquals(Map.of("model", stereo.toString()), p.resources(), "the value stays the playing model's");
            for (int pos = 100; pos < LENGTH; pos += 100) {
                p.process(view.set(buf, pos, 100));
            }
            assertArrayEquals(expected[0], buf[0], "the stereo model played on, channel 0");
            assertArrayEquals(expected[1], buf[1], "channel 1");
            // a mono model fits a 2 -> 2 block (one per channel): that swap is taken
            p.setResource("model", mono.toString());
            assertEquals(ChannelMapping.perChannel(), p.channelMapping());
        }
    }

    /** A 48 kHz stereo model on a 44.1 kHz host: every input resampled, the model run, every output resampled back. */
    @Test
    void aModelOfSeveralChannelsAtAnotherRateRunsBehindOneResamplerPerChannel() throws Exception {
        double host = 44_100;
        Path file = write("stereo48.nam", NamDocuments.waveNetChannels(2, 2, 89));
        float[][] x = signal(2, 6_000, 9);
        try (WaveNetPlugin p = plugin()) {
            p.setResource("model", file.toString());
            ProcessSpec spec = new ProcessSpec(host, 256, 2);
            p.prepare(spec);
            assertEquals(144, p.latencySamples());
            float[][] y = play(p, spec, x, 100);
            int shift = ResampledReference.shift(file, host);
            float[][] expected = ResampledReference.of(file, x, host, Kernels.preferred());
            for (int o = 0; o < 2; o++) {
                float[] got = Arrays.copyOfRange(y[o], shift, x[0].length);
                for (int i = 0; i < got.length; i++) {
                    // as WaveNetPluginTest's resampled case: float rounding of the two resampler paths
                    if (!(Math.abs(expected[o][i] - got[i]) <= 1e-6 + 1e-5 * Math.abs(expected[o][i]))) {
                        fail("output " + o + " frame " + i + ": expected " + expected[o][i] + " found " + got[i]);
                    }
                }
            }
        }
    }

    @Test
    @Tag("allocation")
    void processOfAModelOfSeveralChannelsAllocatesNothing() throws Exception {
        Path same = write("stereo.nam", NamDocuments.waveNetChannels(2, 2, 90));
        Path resampled = write("convnet.nam", NamDocuments.convNetChannels(2, 4, new int[] {1, 2}, 3, 91));
        for (double host : new double[] {RATE, 44_100}) {
            Path file = host == RATE ? same : resampled;
            try (WaveNetPlugin p = plugin()) {
                p.setResource("model", file.toString());
                ProcessSpec spec = ChannelPlan.of(p, 2).spec(host, 256);
                p.prepare(spec);
                float[][] buf = new float[spec.blockChannels()][];
                for (int c = 0; c < buf.length; c++) {
                    buf[c] = signal(1, 256, c)[0];
                }
                AudioBlock view = new AudioBlock();
                Runnable blocks = () -> {
                    for (int i = 0; i < 200; i++) {
                        p.process(view.set(buf, 0, 256));
                        p.process(view.set(buf, 0, 17));
                    }
                };
                // until C2: the preferred kernels' vector tiles box in C1 code, and how many blocks C2
                // needs depends on the machine's load (a count-based warm-up failed on CI once the
                // WaveNet had three packed tiles to compile instead of one)
                assertEquals(0, new AllocationMeter().allocatedOnceCompiled(blocks, 60_000_000_000L), file + " at " + host);
            }
        }
    }
}
