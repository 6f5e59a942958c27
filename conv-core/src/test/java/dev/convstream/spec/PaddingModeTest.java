package dev.convstream.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Index rules checked against what numpy.pad gives for [a b c d] padded by 3 on each side. */
class PaddingModeTest {

    private static int[] padded(PaddingMode mode, int size, int pad) {
        int[] idx = new int[size + 2 * pad];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = mode.sourceIndex(i - pad, size);
        }
        return idx;
    }

    @Test
    void reflectMirrorsWithoutRepeatingTheEdge() {
        // np.pad([0,1,2,3], 3, 'reflect') -> [3 2 1 0 1 2 3 2 1 0]
        assertArrayEquals(new int[] {3, 2, 1, 0, 1, 2, 3, 2, 1, 0}, padded(PaddingMode.REFLECT, 4, 3));
    }

    @Test
    void replicateRepeatsTheEdge() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 2, 3, 3, 3, 3}, padded(PaddingMode.REPLICATE, 4, 3));
    }

    @Test
    void circularWraps() {
        assertArrayEquals(new int[] {1, 2, 3, 0, 1, 2, 3, 0, 1, 2}, padded(PaddingMode.CIRCULAR, 4, 3));
    }

    @Test
    void zerosReadNothingOutside() {
        assertArrayEquals(new int[] {-1, -1, -1, 0, 1, 2, 3, -1, -1, -1}, padded(PaddingMode.ZEROS, 4, 3));
    }

    @Test
    void reflectNeedsPaddingSmallerThanTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaddingMode.REFLECT.checkApplicable("width", 3, 3, 0));
        assertTrue(e.getMessage().contains("reflect") && e.getMessage().contains("width"), e.getMessage());
        assertDoesNotThrow(() -> PaddingMode.REFLECT.checkApplicable("width", 4, 3, 3));
    }

    @Test
    void circularAllowsPaddingEqualToTheInput() {
        assertDoesNotThrow(() -> PaddingMode.CIRCULAR.checkApplicable("length", 3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> PaddingMode.CIRCULAR.checkApplicable("length", 3, 4, 0));
    }

    @Test
    void parsesTorchNames() {
        assertEquals(PaddingMode.REPLICATE, PaddingMode.parse("replicate"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaddingMode.parse("mirror"));
        assertTrue(e.getMessage().contains("mirror"), e.getMessage());
    }

    @Test
    void samePaddingPutsTheOddOneAtTheEnd() {
        assertEquals(new Padding(1, 2), Padding.same(4, 1));
        assertEquals(new Padding(3, 3), Padding.same(3, 3));
        assertEquals(new Padding(8, 0), Padding.causal(5, 2));
    }
}
