package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link ScalarElementwiseMath#tanh(float)} on EVERY non-negative float up to 16 (about 1.1
 * billion, subnormals included), against {@link Math#tanh} in double: error =
 * |y - exact| / ulp(float(exact)), as in {@link MathAccuracyTest}. Too slow for every build (about
 * 2 minutes, one core), so it runs only when asked:
 * {@code mvn -pl conv-core -am test -Dtest=TanhExhaustiveCheck -Dsurefire.failIfNoSpecifiedTests=false
 * -Dconvstream.exhaustiveTanh=true}. The negative half needs no run: every operation
 * works on |x| and the sign bit is put back; past 16 the argument is clamped to the same constant
 * as at 9.03125, and {@link MathAccuracyTest} covers NaN and infinities. Measured 2026-12-03,
 * JDK 25: max 1.9447 ulp (at 0.22164509), no result above 1.
 */
class TanhExhaustiveCheck {

    @Test
    @EnabledIfSystemProperty(named = "convstream.exhaustiveTanh", matches = "true")
    void everyFloatWithinTwoUlp() {
        int maxBits = Float.floatToRawIntBits(16f);
        double worst = 0;
        float worstAt = 0;
        for (int bits = 0; bits <= maxBits; bits++) {
            float v = Float.intBitsToFloat(bits);
            float t = ScalarElementwiseMath.tanh(v);
            double exact = Math.tanh(v);
            double err = Math.abs(t - exact) / Math.ulp((float) exact);
            if (!(err <= worst)) {
                worst = err;
                worstAt = v;
            }
            if (t > 1f) {
                throw new AssertionError("tanh(" + v + ") = " + t + " > 1");
            }
        }
        System.out.printf("tanh over every float in [0, 16]: max error %.4f ulp at %s%n", worst, worstAt);
        assertTrue(worst <= 2.0, "max error " + worst + " ulp at " + worstAt);
        assertEquals(1f, ScalarElementwiseMath.tanh(16f));
    }
}
