package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.SmallLstm;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel family's cell for small one-layer LSTMs with fast tanh ({@link SmallLstm}, the
 * Vector API's: the 4H gates in one vector): the same bits as {@link LstmUnrolled}'s fast path,
 * compiled or not; played by {@link Lstm} only once {@link Lstm#prepare} got it compiled, so the
 * first blocks after prepare do not box; and no cell where it does not apply (exact tanh,
 * the scalar family, H whose 4H gates do not leave a spare lane).
 * {@link LstmUnrolledTest} checks the same models against the double reference (1e-5 of peak).
 */
class LstmFamilyCellTest {

    private static final int PREWARM = 300;
    private static final int MAX_BLOCK = 500;

    /** Lanes of the preferred vector species: the cell exists for H with 4H below that. */
    private static int lanes() {
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }

    private static boolean cellExists(int hidden) {
        return 4 * hidden < lanes() && hidden <= 3;
    }

    /**
     * The cell itself, called directly from its first call on (the interpreter's and C1's boxed
     * code, then C2's), against {@link LstmUnrolled} in the same random blocks: identical bits.
     */
    @ParameterizedTest(name = "H {0}")
    @ValueSource(ints = {1, 2, 3})
    void theCellGivesTheUnrolledFastBitsCompiledOrNot(int hidden) {
        Kernels vector = KernelFamilies.vector();
        LstmConfig config = new LstmConfig(1, hidden, 1, 0);
        float[] w = LstmUnrolledTest.randomWeights(config, new Random(40 + hidden));
        float[] packed = packed(hidden, w);
        SmallLstm.Cell cell = vector.smallLstm().fastTanhCell(hidden, packed);
        if (!cellExists(hidden)) {
            assertNull(cell, "H " + hidden + " with " + lanes() + " lanes");
            return;
        }
        assertNotNull(cell);
        float[] x = TestData.tones(50 + hidden, 20_000);
        float[] hA = java.util.Arrays.copyOfRange(w, 4 * hidden * (1 + hidden) + 4 * hidden,
                4 * hidden * (1 + hidden) + 5 * hidden);
        float[] cA = java.util.Arrays.copyOfRange(w, 4 * hidden * (1 + hidden) + 5 * hidden,
                4 * hidden * (1 + hidden) + 6 * hidden);
        float[] hB = hA.clone();
        float[] cB = cA.clone();
        float[] a = new float[x.length];
        float[] b = new float[x.length];
        Random r = new Random(hidden);
        for (int t = 0; t < x.length; ) {
            int n = Math.min(x.length - t, 1 + r.nextInt(97));
            cell.run(hA, cA, x, t, a, t, n);
            LstmUnrolled.run(true, packed, hB, cB, x, t, b, t, n);
            t += n;
        }
        assertArrayEquals(b, a, "H " + hidden + ": the cell vs the unrolled fast path");
        assertArrayEquals(hB, hA, "hidden state after the signal");
        assertArrayEquals(cB, cA, "cell state after the signal");
    }

    /**
     * After prepare, the vector family's model plays its cell (it got compiled within the
     * budget), gives the scalar family's bits in random blocks, and its very first blocks do
     * not box (at most the JVM's own one-off bytes), the next ones allocate nothing: no warm-up
     * of the caller's is needed to keep the audio thread off the boxed code.
     */
    // tag "allocation": its own JVM, compiling in the foreground, so C2 gets to the cell within
    // the budget however busy the machine (in a shared JVM C2's queue may hold it back past 10 s)
    @Tag("allocation")
    @ParameterizedTest(name = "H {0}")
    @ValueSource(ints = {1, 2, 3})
    void prepareCompilesTheCellSoTheFirstBlocksDoNotBox(int hidden) {
        Kernels vector = KernelFamilies.vector();
        LstmConfig config = new LstmConfig(1, hidden, 1, PREWARM);
        float[] w = LstmUnrolledTest.randomWeights(config, new Random(60 + hidden));
        Lstm played = new Lstm(config, w, true, vector);
        Lstm scalar = new Lstm(config, w, true, Kernels.scalar());
        played.prepare(MAX_BLOCK);
        scalar.prepare(MAX_BLOCK);
        assertEquals(cellExists(hidden), played.playsFamilyCell(), "H " + hidden + " with " + lanes() + " lanes");
        assertFalse(scalar.playsFamilyCell(), "the scalar family has no cell");

        float[] x = TestData.tones(70 + hidden, 64 * 20);
        // The scalar model first: Lstm.process's first call in a JVM resolves its string literals
        // (48 bytes, once per class, whichever path), which is not what this test is about.
        float[] b = new float[x.length];
        for (int t = 0; t < x.length; t += 64) {
            scalar.process(x, t, b, t, 64);
        }
        float[] a = new float[x.length];
        AllocationMeter meter = new AllocationMeter();
        long first = meter.allocatedBy(() -> {
            for (int t = 0; t < x.length; t += 64) {
                played.process(x, t, a, t, 64);
            }
        });
        // The cold cell boxes every vector: ~1,300 bytes a sample, 1.7 MB over these 1,280
        // samples. The bound leaves room for what the JVM itself may allocate on this thread once
        // (Lstm.process's first call resolving its literals, 48 B; a compile request creating a
        // class's literals, 416 B seen in the full suite's shared JVM), not for one boxed sample.
        assertTrue(first < 1_024, first + " bytes allocated by the first 20 blocks of 64 after prepare");
        float[] again = new float[x.length];
        long next = meter.allocatedOnceWarm(() -> { }, () -> {
            for (int t = 0; t < x.length; t += 64) {
                played.process(x, t, again, t, 64);
            }
        }, 3);
        assertEquals(0, next, "bytes allocated by the next 20 blocks");
        assertArrayEquals(b, a, "vector family (cell) vs scalar family (unrolled)");

        played.reset();
        scalar.reset();
        float[] y = new float[x.length];
        float[] z = new float[x.length];
        Random r = new Random(hidden);
        for (int t = 0; t < x.length; ) {
            int n = Math.min(x.length - t, 1 + r.nextInt(MAX_BLOCK));
            played.process(x, t, y, t, n);
            scalar.process(x, t, z, t, n);
            t += n;
        }
        assertArrayEquals(z, y, "after reset, in random blocks");
        assertArrayEquals(a, y, "reset restores the prewarmed state");
    }

    /** Exact tanh, more than one layer, or more units than a vector holds: the model never plays a cell. */
    @Test
    void noCellForExactTanhOrOtherShapes() {
        Kernels vector = KernelFamilies.vector();
        LstmConfig one = new LstmConfig(1, 1, 1, PREWARM);
        Lstm exact = new Lstm(one, LstmUnrolledTest.randomWeights(one, new Random(1)), false, vector);
        exact.prepare(64);
        assertFalse(exact.playsFamilyCell(), "exact tanh");
        LstmConfig twoLayers = new LstmConfig(1, 1, 2, PREWARM);
        Lstm layered = new Lstm(twoLayers, LstmUnrolledTest.randomWeights(twoLayers, new Random(2)), true, vector);
        layered.prepare(64);
        assertFalse(layered.playsFamilyCell(), "two layers");
        LstmConfig four = new LstmConfig(1, 4, 1, PREWARM);
        Lstm wide = new Lstm(four, LstmUnrolledTest.randomWeights(four, new Random(3)), true, vector);
        wide.prepare(64);
        assertFalse(wide.playsFamilyCell(), "4 units: 16 gates fill a 512-bit vector");
    }

    /** NAM's flat list of a one-layer mono LSTM in {@link LstmUnrolled#pack} order (without h0, c0). */
    private static float[] packed(int hidden, float[] w) {
        int gates = 4 * hidden * (1 + hidden);
        float[] gw = java.util.Arrays.copyOfRange(w, 0, gates);
        float[] gb = java.util.Arrays.copyOfRange(w, gates, gates + 4 * hidden);
        float[] head = java.util.Arrays.copyOfRange(w, gates + 6 * hidden, gates + 7 * hidden);
        return LstmUnrolled.pack(gw, gb, head, w[gates + 7 * hidden]);
    }
}
