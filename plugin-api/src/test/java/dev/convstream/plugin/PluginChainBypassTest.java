package dev.convstream.plugin;

import dev.convstream.plugin.contract.DelayPlugin;
import dev.convstream.plugin.contract.ScalePlugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginChainBypassTest {

    private static final double RATE = 48_000;
    /** Frames of the crossfade at 48 kHz: 20 ms. */
    private static final int FADE = 960;

    @Test
    void bypassCrossfadesLinearlyFromThePluginToItsInput() {
        ScalePlugin half = new ScalePlugin();
        half.parameters().get("factor").set(0.5);
        try (PluginChain chain = new PluginChain(List.of(half))) {
            chain.prepare(new ProcessSpec(RATE, 256, 1));
            chain.setBypassed(0, true);
            assertTrue(chain.isBypassed(0));
            float[] y = run(chain, ones(3 * FADE), 100);
            // Independent reference: the wet weight steps from 1 towards 0 by 1/FADE per frame,
            // its first step on the first frame; output = g * 0.5 + (1 - g) * 1.
            for (int i = 0; i < y.length; i++) {
                double g = Math.max(0, 1 - (i + 1) / (double) FADE);
                assertEquals(g * 0.5 + (1 - g), y[i], 1e-5, "frame " + i);
            }
        }
    }

    @Test
    void bypassKeepsTheChainLatencyByDelayingTheInput() {
        // A pure delay: its output and its compensated input are the same signal, so bypassing
        // it (fade included) must leave the output exactly x[n - 7].
        try (PluginChain chain = new PluginChain(List.of(new DelayPlugin(7)))) {
            chain.prepare(new ProcessSpec(RATE, 64, 2));
            assertEquals(7, chain.latencySamples());
            float[] x = ramp(4000);
            float[][] block = new float[2][64];
            AudioBlock view = new AudioBlock();
            float[] y = new float[x.length];
            for (int start = 0; start < x.length; start += 50) {
                int n = Math.min(50, x.length - start);
                if (start == 1000) {
                    chain.setBypassed(0, true);
                }
                for (int c = 0; c < 2; c++) {
                    System.arraycopy(x, start, block[c], 0, n);
                }
                chain.process(view.set(block, 0, n));
                assertArrayEquals(block[0], block[1], "channels stay equal");
                System.arraycopy(block[0], 0, y, start, n);
            }
            // During the fade g*x + (1-g)*x rounds twice in float: within 2 ulps of x (|x| < 2).
            for (int i = 0; i < x.length; i++) {
                assertEquals(i < 7 ? 0f : x[i - 7], y[i], 5e-7, "frame " + i);
            }
        }
    }

    @Test
    void aBypassedPluginIsNotCalledAndIsResetWhenItComesBack() {
        CountingPlugin counting = new CountingPlugin();
        try (PluginChain chain = new PluginChain(List.of(counting))) {
            chain.prepare(new ProcessSpec(RATE, 100, 1));
            chain.setBypassed(0, true);
            run(chain, ones(2 * FADE), 100);
            int callsAfterFade = counting.processCalls;
            run(chain, ones(1000), 100);
            assertEquals(callsAfterFade, counting.processCalls, "not called while fully bypassed");
            int resets = counting.resets;
            chain.setBypassed(0, false);
            assertFalse(chain.isBypassed(0));
            run(chain, ones(100), 100);
            assertEquals(resets + 1, counting.resets, "reset once when it comes back");
            assertEquals(callsAfterFade + 1, counting.processCalls);
        }
    }

    @Test
    void comingBackFadesInWithoutAStep() {
        ScalePlugin mute = new ScalePlugin();
        mute.parameters().get("factor").set(0);
        try (PluginChain chain = new PluginChain(List.of(mute))) {
            chain.setBypassed(0, true);
            chain.prepare(new ProcessSpec(RATE, 128, 1));
            float[] before = run(chain, ones(256), 128);
            assertEquals(1f, before[255], "bypassed from the start: the input");
            chain.setBypassed(0, false);
            float[] y = run(chain, ones(2 * FADE), 128);
            for (int i = 0; i < y.length; i++) {
                double g = Math.min(1, (i + 1) / (double) FADE);
                assertEquals(1 - g, y[i], 1e-5, "frame " + i);
            }
        }
    }

    @Test
    void switchingBypassAllocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        mx.setThreadAllocatedMemoryEnabled(true);
        try (PluginChain chain = new PluginChain(List.of(new ScalePlugin(), new DelayPlugin(37)))) {
            chain.prepare(new ProcessSpec(RATE, 64, 2));
            float[][] buf = new float[2][64];
            AudioBlock view = AudioBlock.wrap(buf, 64);
            long cleanWindows = 0;
            for (int window = 0; window < 200 && cleanWindows < 3; window++) {
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1000; i++) {
                    if (i % 40 == 0) {
                        chain.setBypassed(i % 80 == 0 ? 0 : 1, (i / 40) % 3 != 0);
                    }
                    chain.process(view);
                }
                // Allowance for the JIT's deoptimisation bookkeeping before C2 settles; a
                // per-block allocation would be at least 1000 * 16 bytes.
                if (mx.getCurrentThreadAllocatedBytes() - before == 0) {
                    cleanWindows++;
                }
            }
            assertTrue(cleanWindows >= 3, "process() with bypass switching allocates");
        }
    }

    private static float[] run(PluginChain chain, float[] x, int block) {
        float[][] buf = new float[1][block];
        AudioBlock view = new AudioBlock();
        float[] y = new float[x.length];
        for (int start = 0; start < x.length; start += block) {
            int n = Math.min(block, x.length - start);
            System.arraycopy(x, start, buf[0], 0, n);
            chain.process(view.set(buf, 0, n));
            System.arraycopy(buf[0], 0, y, start, n);
        }
        return y;
    }

    private static float[] ones(int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        return x;
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i * 0.01) + i * 1e-4f;
        }
        return x;
    }

    /** Passes audio through and counts its calls. */
    private static final class CountingPlugin extends AbstractAudioPlugin {
        int processCalls;
        int resets;

        CountingPlugin() {
            super(PluginDescriptor.of("counting", "Counting", "1"));
        }

        @Override
        public void prepare(ProcessSpec spec) {
        }

        @Override
        public void process(AudioBlock block) {
            processCalls++;
        }

        @Override
        public void reset() {
            resets++;
        }
    }
}
