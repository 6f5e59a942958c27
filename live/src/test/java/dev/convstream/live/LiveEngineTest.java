package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.contract.PanPlugin;
import dev.convstream.plugins.gain.GainPlugin;
import dev.convstream.testing.AllocationMeter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveEngineTest {

    private static PluginChain gainChain(double db) {
        GainPlugin gain = new GainPlugin();
        gain.parameters().get("db").set(db);
        return new PluginChain(List.of(gain));
    }

    @Test
    void preparedReportNamesEachPluginOfTheChain() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new GainPlugin(), new GainPlugin())));
        engine.prepare(48_000, 64, 1, 1);
        assertTrue(engine.preparedReport().matches(
                "prepared in [0-9]+\\.[0-9]{3} s \\(gain [0-9]+\\.[0-9]{3} s, gain [0-9]+\\.[0-9]{3} s\\)"),
                engine.preparedReport());
    }

    @Test
    void monoChainFeedsEveryOutputChannelAndMatchesTheOfflineGain() {
        LiveEngine engine = new LiveEngine(gainChain(-6));
        engine.prepare(48_000, 64, 1, 2);
        float[][] in = new float[1][100];
        float[][] out = new float[2][100];
        Random r = new Random(1);
        for (int i = 0; i < 100; i++) {
            in[0][i] = r.nextFloat() - 0.5f;
        }
        engine.process(in, 10, out, 20, 64);
        float g = (float) Math.pow(10, -6 / 20.0);
        for (int i = 0; i < 64; i++) {
            // Gain is exact float multiplication: within 1 ulp of the scaled input.
            assertEquals(in[0][10 + i] * g, out[0][20 + i], Math.ulp(1f));
            assertEquals(out[0][20 + i], out[1][20 + i], 0f);
        }
        assertEquals(1, engine.callbacks());
        assertEquals(0f, out[0][19], 0f);
        assertTrue(engine.inputPeak().level() > 0.4f);
    }

    @Test
    void aChainThatWidensAMonoInputFeedsEachOutputItsOwnChannel() {
        PanPlugin pan = new PanPlugin();
        pan.parameters().get("pan").set(0.5);
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(pan)));
        engine.prepare(48_000, 64, 1, 2);
        assertEquals(2, engine.spec().outputChannels());
        float[][] in = {new float[64]};
        float[][] out = new float[2][64];
        java.util.Arrays.fill(in[0], 0.5f);
        engine.process(in, 0, out, 0, 64);
        // The pan law's gains applied to a constant: exact up to one float rounding.
        assertEquals(0.5f * PanPlugin.left(0.5), out[0][63], 1e-6f);
        assertEquals(0.5f * PanPlugin.right(0.5), out[1][63], 1e-6f);
    }

    @Test
    void aChainThatCannotTakeTheInputChannelsIsRefusedByName() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new PanPlugin())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.prepare(48_000, 64, 2, 2));
        assertTrue(e.getMessage().contains("pan"), e.getMessage());
    }

    @Test
    void processAllocatesNothing() {
        LiveEngine engine = new LiveEngine(gainChain(0));
        engine.prepare(48_000, 64, 2, 2);
        float[][] in = new float[2][64];
        float[][] out = new float[2][64];
        in[0][3] = 0.5f;
        long bytes = new AllocationMeter().allocatedOnceWarm(
                () -> { for (int i = 0; i < 20_000; i++) engine.process(in, 0, out, 0, 64); },
                () -> { for (int i = 0; i < 1_000; i++) engine.process(in, 0, out, 0, 64); }, 5);
        assertEquals(0, bytes);
    }

    @Test
    void aBlockLargerThanPreparedIsRefused() {
        LiveEngine engine = new LiveEngine(gainChain(0));
        engine.prepare(48_000, 64, 1, 1);
        float[][] buf = new float[1][128];
        assertThrows(IllegalArgumentException.class, () -> engine.process(buf, 0, buf, 0, 65));
    }

    @Test
    void loadQuantilesFollowTheRecordedTimes() {
        LoadMeter meter = new LoadMeter();
        LoadMeter.Snapshot before = meter.snapshot();
        for (int i = 0; i < 98; i++) {
            meter.record(100, 1_000); // 10% of the deadline
        }
        meter.record(1_500, 1_000); // 150%: a missed deadline
        meter.record(5_000, 1_000); // beyond the histogram
        LoadMeter.Snapshot window = meter.snapshot().since(before);
        assertEquals(100, window.callbacks());
        assertEquals(0.105, window.quantile(0.5), 1e-9); // upper edge of the 10% bin
        assertEquals(1.505, window.quantile(0.99), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, window.quantile(1));
        assertEquals(2, window.overDeadline());
        assertEquals(5_000, window.maxNanos());
        assertEquals(0, meter.snapshot().since(meter.snapshot()).callbacks());
    }

    @Test
    void tapReturnsTheLatestWindowEvenAfterWrapping() {
        SignalTap tap = new SignalTap(16);
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        tap.write(x, 0, 3);
        float[] w = new float[5];
        assertEquals(3, tap.latest(w, 5));
        assertArrayEquals(new float[] {0, 0, 0, 1, 2}, w);
        tap.write(x, 3, 37);
        assertEquals(40, tap.latest(w, 5));
        assertArrayEquals(new float[] {35, 36, 37, 38, 39}, w);
        assertThrows(IllegalArgumentException.class, () -> tap.latest(new float[9], 9));
    }

    @Test
    void peakHoldsThenFallsTwentyDbPerSecond() {
        PeakMeter meter = new PeakMeter();
        meter.prepare(1_000);
        float[][] block = {new float[1_000]};
        block[0][0] = 2f;
        meter.record(block, 1, 0, 1);
        assertEquals(2f, meter.level(), 0f);
        assertEquals(1, meter.clippedSamples());
        java.util.Arrays.fill(block[0], 0f);
        meter.record(block, 1, 0, 1_000); // one second of silence
        assertEquals(0.2f, meter.level(), 1e-4f);
    }
}
