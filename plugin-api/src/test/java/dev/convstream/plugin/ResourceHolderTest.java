package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceHolderTest {

    private static final ResourceSpec SPEC = new ResourceSpec("ir", "impulse response file");
    private static final ProcessSpec AT_48K = new ProcessSpec(48_000, 64, 1);

    /** Loads "name@rate" as is; builds "name@rate for <spec rate>", refusing another rate. */
    private final List<String> released = new ArrayList<>();
    private final ResourceHolder<String, String> holder = new ResourceHolder<>("conv", SPEC, value -> {
        if (value.startsWith("missing")) {
            throw new IOException("not found: " + value);
        }
        return value;
    }, (loaded, value, spec) -> {
        double rate = Double.parseDouble(loaded.substring(loaded.indexOf('@') + 1));
        SampleRates.requireHostRate("conv", "impulse response " + value, rate, spec.sampleRate());
        return loaded + " for " + Numbers.plain(spec.sampleRate());
    }, released::add);

    @Test
    void loadThenPrepareBuildsOnPrepare() throws IOException {
        holder.set("a@48000");
        assertNull(holder.acquire(), "nothing to play before prepare");
        holder.prepare(AT_48K);
        assertEquals("a@48000 for 48000", holder.acquire());
        assertEquals(Map.of("ir", "a@48000"), holder.resources());
    }

    @Test
    void prepareThenLoadPublishesAtTheNextBlock() throws IOException {
        holder.prepare(AT_48K);
        assertNull(holder.acquire());
        holder.set("a@48000");
        assertEquals("a@48000 for 48000", holder.acquire());
        holder.set("b@48000");
        assertEquals("a@48000 for 48000", holder.peek(), "the audio thread swaps at its next block");
        assertEquals("b@48000 for 48000", holder.acquire());
        holder.close();
        assertEquals(List.of("a@48000 for 48000", "b@48000 for 48000"), released);
    }

    @Test
    void prepareAgainRebuildsForTheNewSpec() throws IOException {
        holder.set("a@44100");
        holder.prepare(new ProcessSpec(44_100, 64, 1));
        assertEquals("a@44100 for 44100", holder.acquire());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> holder.prepare(AT_48K));
        assertTrue(e.getMessage().contains("44100") && e.getMessage().contains("48000"), e.getMessage());
        assertNull(holder.acquire(), "a refused prepare leaves pass-through");
        assertEquals(Map.of("ir", "a@44100"), holder.resources(), "but keeps the value");
    }

    @Test
    void failedLoadKeepsThePreviousResourceAndValue() throws IOException {
        holder.prepare(AT_48K);
        holder.set("a@48000");
        assertThrows(IOException.class, () -> holder.set("missing@48000"));
        assertThrows(IllegalArgumentException.class, () -> holder.set("b@96000"));
        assertEquals("a@48000 for 48000", holder.acquire());
        assertEquals(Map.of("ir", "a@48000"), holder.resources());
    }

    @Test
    void blankValueIsRefusedNamingPluginResourceAndWhatItMustBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> holder.set(" "));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("'ir'")
                && e.getMessage().contains("impulse response file"), e.getMessage());
        assertTrue(holder.holds("ir") && !holder.holds("model"));
    }

    // ---- crossfaded swaps: the resource is a gain k, rendered as out = k * in ----

    private static final int BLOCK = 64;
    /** 50 ms at 48 kHz. */
    private static final int FADE = 2400;
    private static final ResourceHolder.Renderer<Float> SCALE = (k, c, in, inOff, out, outOff, n) -> {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = k * in[inOff + i];
        }
    };

    private final List<Float> releasedGains = new ArrayList<>();
    private final ResourceHolder<Float, Float> gain = new ResourceHolder<>("scale", SPEC, Float::parseFloat,
            (k, value, spec) -> k, releasedGains::add);
    /** Input: 1 on channel 0, -0.5 on channel 1, so each output is the mix of gains itself. */
    private final float[][] buffer = new float[2][BLOCK];

    /** Both channels at once, as a resource of several channels renders: out[c] = k * in[c]. */
    private static final ResourceHolder.BlockRenderer<Float> SCALE_ALL = (k, in, inOff, out, outOff, n) -> {
        for (int c = 0; c < 2; c++) {
            SCALE.render(k, c, in[c], inOff, out[c], outOff, n);
        }
    };
    /** Whether {@link #block()} renders with renderBlock instead of channel by channel. */
    private boolean wholeBlocks;

    /** One block through {@code gain} (beginBlock, render in place per channel or the whole block); channel 0's output. */
    private float[] block() {
        java.util.Arrays.fill(buffer[0], 1f);
        java.util.Arrays.fill(buffer[1], -0.5f);
        gain.beginBlock(BLOCK);
        if (wholeBlocks) {
            gain.renderBlock(buffer, 0, SCALE_ALL);
            return buffer[0].clone();
        }
        for (int c = 0; c < 2; c++) {
            gain.render(c, buffer[c], 0, buffer[c], 0, SCALE);
        }
        return buffer[0].clone();
    }

    /**
     * {@code blocks} blocks, checking sample {@code k} (counted from the first) against
     * {@code expected(k)} on channel 0 and half of it, negated, on channel 1.
     */
    private void expectBlocks(int blocks, int firstSample, java.util.function.IntToDoubleFunction expected) {
        for (int b = 0; b < blocks; b++) {
            block();
            for (int i = 0; i < BLOCK; i++) {
                int k = firstSample + b * BLOCK + i;
                double e = expected.applyAsDouble(k);
                // float gains (k + 1) / 2400 and a two-term float mix: a few ulps of 1..5
                if (Math.abs(buffer[0][i] - e) > 1e-6 || Math.abs(buffer[1][i] + 0.5 * e) > 1e-6) {
                    fail("sample " + k + ": expected " + e + " and " + (-0.5 * e) + ", found " + buffer[0][i]
                            + " and " + buffer[1][i]);
                }
            }
        }
    }

    /** The linear fade from gain {@code a} to {@code b} starting at sample {@code start}. */
    private static double fade(double a, double b, int start, int k) {
        double g = Math.min(1, (k - start + 1) / (double) FADE);
        return (1 - g) * a + g * b;
    }

    @Test
    void crossfadeLastsFiftyMillisecondsAtAnyRate() {
        assertEquals(2400, ResourceHolder.crossfadeFrames(48_000));
        assertEquals(2205, ResourceHolder.crossfadeFrames(44_100));
        assertEquals(4800, ResourceHolder.crossfadeFrames(96_000));
    }

    @Test
    void aSwapWhileAudioPlaysFadesLinearlyFromTheOldToTheNewOnTheSameInput() throws IOException {
        gain.set("1");
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        expectBlocks(5, 0, k -> 1);
        gain.set("3");
        // 40 blocks of 64 cover the 2400 samples of the fade and 160 after it.
        expectBlocks(40, 0, k -> fade(1, 3, 0, k));
        assertEquals(List.of(), releasedGains, "nothing released by the audio thread");
        gain.close();
        assertEquals(List.of(1f, 3f), releasedGains);
    }

    @Test
    void wholeBlockRenderingFadesEveryChannelAsChannelRenderingDoes() throws IOException {
        wholeBlocks = true;
        gain.set("1");
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        expectBlocks(5, 0, k -> 1);
        gain.set("3");
        expectBlocks(10, 0, k -> fade(1, 3, 0, k));
        wholeBlocks = false; // the two ways may alternate from block to block
        expectBlocks(30, 10 * BLOCK, k -> fade(1, 3, 0, k));
        gain.close();
        assertEquals(List.of(1f, 3f), releasedGains);
    }

    @Test
    void aSwapDuringAFadeWaitsForTheFadeToEndThenFadesFromTheNewOne() throws IOException {
        gain.set("1");
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        block();
        gain.set("3");
        expectBlocks(10, 0, k -> fade(1, 3, 0, k));
        gain.set("5");
        assertEquals(List.of(), releasedGains, "1 is still fading out: not released");
        // The first fade runs to its end (sample 2400, inside block 37); the second starts at
        // the next block boundary, sample 38 * 64 = 2432.
        int second = 38 * BLOCK;
        expectBlocks(80, 10 * BLOCK, k -> k < second ? fade(1, 3, 0, k) : fade(3, 5, second, k));
        gain.set("6");
        assertEquals(List.of(1f, 3f), releasedGains, "1 and 3 retired after their fades, released by the next publish");
    }

    @Test
    void beforeTheFirstBlockAfterPrepareOrResetASwapIsImmediate() throws IOException {
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        block();
        gain.set("2");
        expectBlocks(1, 0, k -> 2); // the first resource after pass-through: nothing to fade from
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        gain.set("3"); // e.g. loadState before audio starts
        expectBlocks(1, 0, k -> 3);
        gain.reset();
        gain.set("4");
        expectBlocks(1, 0, k -> 4);
        gain.set("5");
        block(); // a fade from 4 starts
        gain.reset(); // the stream restarts: the fade ends, 5 alone
        expectBlocks(1, 0, k -> 5);
    }

    @Test
    void plainAcquireSwapsAtOnceEvenDuringAFade() throws IOException {
        gain.set("1");
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        block();
        gain.set("3");
        block();
        gain.set("5");
        assertEquals(5f, gain.acquire(), "acquire ends the fade and takes the pending one");
        expectBlocks(1, 0, k -> 5);
    }

    /**
     * The audio thread's part of a crossfaded swap allocates nothing: each attempt publishes a
     * new gain (outside the count), then counts the blocks of its whole fade; attempts repeat
     * until one is clean, since the JIT's switch to compiled code can allocate a few bytes once
     * (see conv-core's AllocationMeter; an allocation in the code under test shows every time).
     */
    @Test
    void aCrossfadeAllocatesNothingOnTheAudioThread() throws IOException {
        java.lang.management.ThreadMXBean std = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(std instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        mx.setThreadAllocatedMemoryEnabled(true);
        gain.set("1");
        gain.prepare(new ProcessSpec(48_000, BLOCK, 2));
        float[][] x = buffer;
        Runnable fadeBlocks = () -> {
            for (int b = 0; b < FADE / BLOCK + 2; b++) {
                gain.beginBlock(BLOCK);
                for (int c = 0; c < 2; c++) {
                    gain.render(c, x[c], 0, x[c], 0, SCALE);
                }
            }
        };
        long bytes = -1;
        for (int attempt = 0; attempt < 200 && bytes != 0; attempt++) {
            gain.set(attempt % 2 == 0 ? "0.5" : "1");
            long before = mx.getCurrentThreadAllocatedBytes();
            fadeBlocks.run();
            bytes = mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, bytes, "bytes allocated by the blocks of a crossfade");
    }
}
