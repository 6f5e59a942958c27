package dev.convstream.kernel;

import dev.convstream.testing.KernelFamilies;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One formula everywhere: the vector family's lanes, its short-range path and the scalar
 * family give the same bits for every input, so a stream's output cannot depend on how it was
 * cut into blocks or on which family (or JIT state) computed it.
 */
class MathDeterminismTest {

    /** The vector family's math (a test that asks for it is skipped, with the reason, without the module). */
    private static ElementwiseMath vector() {
        return KernelFamilies.vector().math();
    }

    private static final ElementwiseMath SCALAR = Kernels.scalar().math();

    interface Formula {
        float at(float x);
    }

    interface InPlace {
        void apply(ElementwiseMath math, float[] x, int off, int len);
    }

    private static final float[] EDGES = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
        0.625f, -0.625f, Math.nextUp(0.625f), -Math.nextUp(0.625f), 9.02f, -9.02f, 16.7f, -16.7f, 88.72f, 88.73f,
        -87.34f, -103.9f, -104f, -104.1f, 100f, -100f, 1e-20f, -1e-20f, 3f, -3f};

    /** Every 97th float bit pattern (both signs, NaNs and infinities included), then the edges. */
    private static float[] sweep() {
        int count = (int) ((1L << 32) / 97);
        float[] x = new float[count + EDGES.length];
        for (int i = 0; i < count; i++) {
            x[i] = Float.intBitsToFloat((int) (97L * i));
        }
        System.arraycopy(EDGES, 0, x, count, EDGES.length);
        return x;
    }

    private static void assertSameBits(String what, float[] args, float[] y, Formula f) {
        for (int i = 0; i < args.length; i++) {
            float expected = f.at(args[i]);
            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(y[i])
                    && !(Float.isNaN(expected) && Float.isNaN(y[i]))) {
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]),
                        what + " of " + args[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(args[i]))
                                + "): " + expected + " vs " + y[i]);
            }
        }
    }

    private static void everyLaneIsTheFormula(String name, InPlace op, Formula f) {
        float[] x = sweep();
        for (ElementwiseMath math : new ElementwiseMath[] {vector(), SCALAR}) {
            float[] y = x.clone();
            op.apply(math, y, 0, y.length);
            assertSameBits(math.getClass().getSimpleName() + " " + name, x, y, f);
        }
        // The short path (< one vector) of the vector family, at every length and offset.
        for (int len = 1; len < 20; len++) {
            float[] y = EDGES.clone();
            op.apply(vector(), y, 3, len);
            float[] lanes = java.util.Arrays.copyOfRange(EDGES, 3, 3 + len);
            assertSameBits("short " + name, lanes, java.util.Arrays.copyOfRange(y, 3, 3 + len), f);
        }
    }

    @Test
    void tanhIsOneFormulaInEveryLane() {
        everyLaneIsTheFormula("tanh", ElementwiseMath::tanh, ScalarElementwiseMath::tanh);
    }

    @Test
    void sigmoidIsOneFormulaInEveryLane() {
        everyLaneIsTheFormula("sigmoid", ElementwiseMath::sigmoid, ScalarElementwiseMath::sigmoid);
    }

    @Test
    void expIsOneFormulaInEveryLane() {
        everyLaneIsTheFormula("exp", ElementwiseMath::exp, ScalarElementwiseMath::exp);
    }

    @Test
    void tanhAddIntoIsTanhInEveryLane() {
        everyLaneIsTheFormula("tanhAddInto", (m, x, off, len) -> m.tanhAddInto(x, off, new float[len], 0, len),
                ScalarElementwiseMath::tanh);
    }

    @Test
    void fastTanhAddIntoIsNamCoresFastTanhInEveryLane() {
        everyLaneIsTheFormula("fastTanhAddInto", (m, x, off, len) -> m.fastTanhAddInto(x, off, new float[len], 0, len),
                ScalarElementwiseMath::fastTanh);
    }

    interface AddInto {
        void apply(ElementwiseMath math, float[] x, int off, float[] sum, int sumOff, int len);
    }

    /**
     * The sum gets each element's fast tanh added exactly once ({@code sum + t}, one rounding),
     * whole vectors and the tail alike, and nothing outside the two ranges changes.
     */
    @Test
    void fastTanhAddIntoAddsEachResultOnceIntoTheSum() {
        addsEachResultOnceIntoTheSum(ElementwiseMath::fastTanhAddInto, ScalarElementwiseMath::fastTanh);
    }

    /** As {@link #fastTanhAddIntoAddsEachResultOnceIntoTheSum}, for the exact tanh. */
    @Test
    void tanhAddIntoAddsEachResultOnceIntoTheSum() {
        addsEachResultOnceIntoTheSum(ElementwiseMath::tanhAddInto, ScalarElementwiseMath::tanh);
    }

    private static void addsEachResultOnceIntoTheSum(AddInto op, Formula f) {
        Random rnd = new Random(9);
        for (ElementwiseMath math : new ElementwiseMath[] {vector(), SCALAR}) {
            for (int len : new int[] {0, 1, 15, 16, 17, 33, 64, 1000, 1024}) {
                float[] x = new float[len + 5];
                float[] sum = new float[len + 7];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rnd.nextGaussian() * 4);
                }
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = (float) rnd.nextGaussian();
                }
                float[] x0 = x.clone();
                float[] sum0 = sum.clone();
                op.apply(math, x, 2, sum, 3, len);
                String what = math.getClass().getSimpleName() + " len " + len;
                for (int i = 0; i < x.length; i++) {
                    float expected = i >= 2 && i < 2 + len ? f.at(x0[i]) : x0[i];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(x[i]), what + " x[" + i + "]");
                }
                for (int i = 0; i < sum.length; i++) {
                    float expected = i >= 3 && i < 3 + len ? sum0[i] + f.at(x0[i - 1]) : sum0[i];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(sum[i]),
                            what + " sum[" + i + "]");
                }
            }
        }
    }

    /**
     * Ranges the vector family splits into calls of {@link VectorElementwiseMath#CHUNK} elements
     * (just below, at and above each split, at an odd offset): every element is the scalar
     * formula's, and the elements either side of the range are left alone.
     */
    @Test
    void rangesSplitIntoChunksGiveTheFormulaAndStayInRange() {
        ElementwiseMath math = vector(); // first: skips, with the reason, without the module
        int c = VectorElementwiseMath.CHUNK;
        int l = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        Random rnd = new Random(13);
        InPlace[] ops = {ElementwiseMath::tanh, ElementwiseMath::sigmoid, ElementwiseMath::exp};
        Formula[] formulas = {ScalarElementwiseMath::tanh, ScalarElementwiseMath::sigmoid, ScalarElementwiseMath::exp};
        for (int len : new int[] {c, c + l - 1, c + l, c + l + 1, 2 * c + l, 2 * c + l + 1, 3 * c + 5}) {
            float[] x = new float[len + 10];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * 6);
            }
            for (int k = 0; k < ops.length; k++) {
                float[] y = x.clone();
                ops[k].apply(math, y, 7, len);
                float[] expected = x.clone();
                for (int i = 7; i < 7 + len; i++) {
                    expected[i] = formulas[k].at(x[i]);
                }
                assertSameBits("op " + k + " len " + len, expected, y, v -> v);
            }
        }
    }

    /** A range cut into blocks of 1, 7, 64, 511 frames, or of mixed sizes, gives the bits of one call. */
    @Test
    void anyPartitionGivesTheBitsOfOneCall() {
        Random rnd = new Random(5);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 4);
        }
        InPlace[] ops = {ElementwiseMath::tanh, ElementwiseMath::sigmoid, ElementwiseMath::exp};
        for (InPlace op : ops) {
            float[] whole = x.clone();
            op.apply(vector(), whole, 0, whole.length);
            int[][] partitions = {{1}, {7}, {64}, {511}, {1, 7, 64, 511, 3, 16, 17, 200}};
            for (int[] sizes : partitions) {
                float[] y = x.clone();
                for (int at = 0, s = 0; at < y.length; s++) {
                    int len = Math.min(sizes[s % sizes.length], y.length - at);
                    op.apply(vector(), y, at, len);
                    at += len;
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(y[i]),
                            "blocks " + java.util.Arrays.toString(sizes) + " at " + i);
                }
            }
        }
    }
}
