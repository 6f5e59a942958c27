package dev.convstream.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void indexingIsRowMajor() {
        Tensor t = Tensor.zeros(2, 3, 4);
        t.set(7f, 1, 2, 3);
        assertEquals(7f, t.data()[1 * 12 + 2 * 4 + 3]);
        assertEquals(7f, t.get(1, 2, 3));
    }

    @Test
    void wrapSharesAndOfCopies() {
        float[] values = {1, 2, 3, 4};
        Tensor wrapped = Tensor.wrap(values, 2, 2);
        Tensor copied = Tensor.of(values, 2, 2);
        values[0] = 9;
        assertEquals(9f, wrapped.get(0, 0));
        assertEquals(1f, copied.get(0, 0));
    }

    @Test
    void shapeIsDefensivelyCopied() {
        int[] shape = {2, 2};
        Tensor t = Tensor.zeros(shape);
        shape[0] = 5;
        t.shape()[1] = 7;
        assertArrayEquals(new int[] {2, 2}, t.shape());
    }

    @Test
    void reshapeSharesValues() {
        Tensor t = Tensor.zeros(2, 6);
        t.reshape(3, 4).set(1f, 2, 3);
        assertEquals(1f, t.get(1, 5));
    }

    @Test
    void sizeMismatchNamesBothSides() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("6"), e.getMessage());
    }

    @Test
    void outOfRangeIndexNamesTheAxis() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(1, 3));
        assertTrue(e.getMessage().contains("axis 1"), e.getMessage());
    }

    @Test
    void requireShapeNamesTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(4, 3).requireShape("weight", 4, 2));
        assertEquals("weight has shape [4, 3], expected [4, 2]", e.getMessage());
    }
}
