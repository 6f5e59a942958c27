package dev.convstream.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order, the layout PyTorch and numpy use by default:
 * {@code [N][C][L]} for 1D signals and {@code [N][C][H][W]} for 2D ones.
 *
 * <p>The shape is immutable; the values are not. {@link #data()} exposes the backing array on
 * purpose, so kernels can read and write it without copies. A tensor never aliases another
 * unless it was made by {@link #reshape}, which shares the array.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[checkedSize(shape)], shape.clone());
    }

    /** Wraps {@code data} (no copy); its length must equal the product of {@code shape}. */
    public static Tensor wrap(float[] data, int... shape) {
        long size = checkedSize(shape);
        if (data.length != size) {
            throw new IllegalArgumentException("data has " + data.length + " values but shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
        return new Tensor(data, shape.clone());
    }

    /** Copies {@code data} into a new tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    private static int checkedSize(int[] shape) {
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("dimension " + i + " of shape "
                        + Arrays.toString(shape) + " is negative");
            }
            size *= shape[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more elements than a Java array can hold");
            }
        }
        return (int) size;
    }

    /** The backing array, row-major; writes are visible through this tensor. */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The value at a full index, e.g. {@code get(n, c, h, w)}. */
    public float get(int... index) {
        return data[offset(index)];
    }

    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    /** Row-major offset of a full index, bounds-checked per axis. */
    public int offset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index has " + index.length + " axes, tensor has "
                    + shape.length);
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + index[i] + " on axis " + i
                        + " of size " + shape[i]);
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** A view with another shape of the same size, sharing the values. */
    public Tensor reshape(int... newShape) {
        return wrap(data, newShape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Throws if this tensor's shape is not {@code expected}; {@code what} names it in the message. */
    public void requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expected));
        }
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
