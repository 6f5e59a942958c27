package dev.convstream.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ScalarElementwiseMath#sigmoidInline} leaves out a clamp that cannot bind and writes the
 * other as a compare: it must give {@link ScalarElementwiseMath#sigmoid(float)}'s bits for every
 * input, NaN, infinities, signed zeros and subnormals included. (tanh has no such twin: its one
 * formula has no lower clamp to leave out.)
 */
class ScalarInlineMathTest {

    @Test
    void sameBitsAsSigmoidOnEvery97thFloatAndTheSpecialValues() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0.625f, -0.625f,
                Math.nextUp(0.625f), Math.nextDown(-0.625f), 50f, -50f, 52f, -52f, 104f, -104f, 105f, -105f,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (float v : special) {
            check(v);
        }
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 97) {
            check(Float.intBitsToFloat((int) bits));
        }
    }

    private static void check(float v) {
        assertEquals(Float.floatToRawIntBits(ScalarElementwiseMath.sigmoid(v)),
                Float.floatToRawIntBits(ScalarElementwiseMath.sigmoidInline(v)), () -> "sigmoid(" + v + ")");
    }
}
