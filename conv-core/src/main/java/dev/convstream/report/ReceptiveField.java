package dev.convstream.report;

import java.util.Arrays;

/**
 * Receptive field of a layer or stack, per spatial axis: {@code size[i]} input samples reach one
 * output, and neighbouring outputs sit {@code jump[i]} input samples apart. For a conv layer,
 * size is the dilated kernel span {@code d(k-1)+1} and jump is the stride. Stacks compose with
 * {@code size = size_prev + (size_l - 1) * jump_prev}, {@code jump = jump_prev * jump_l}.
 */
public record ReceptiveField(int[] size, int[] jump) {

    public ReceptiveField {
        if (size.length != jump.length) {
            throw new IllegalArgumentException("size and jump must have one entry per axis");
        }
        size = size.clone();
        jump = jump.clone();
    }

    /** A layer that maps each position to itself (activations, batch norm) on {@code axes} axes. */
    public static ReceptiveField identity(int axes) {
        int[] ones = new int[axes];
        Arrays.fill(ones, 1);
        return new ReceptiveField(ones, ones);
    }

    public static ReceptiveField of1d(int size, int jump) {
        return new ReceptiveField(new int[] {size}, new int[] {jump});
    }

    public static ReceptiveField of2d(int sizeH, int sizeW, int jumpH, int jumpW) {
        return new ReceptiveField(new int[] {sizeH, sizeW}, new int[] {jumpH, jumpW});
    }

    public int axes() {
        return size.length;
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    @Override
    public int[] jump() {
        return jump.clone();
    }

    /** This field followed by {@code next} (next sees this one's outputs). */
    public ReceptiveField then(ReceptiveField next) {
        if (next.axes() != axes()) {
            throw new IllegalArgumentException("cannot chain a " + axes() + "-axis receptive field with a "
                    + next.axes() + "-axis one");
        }
        int[] s = new int[axes()];
        int[] j = new int[axes()];
        for (int i = 0; i < s.length; i++) {
            s[i] = size[i] + (next.size[i] - 1) * jump[i];
            j[i] = jump[i] * next.jump[i];
        }
        return new ReceptiveField(s, j);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceptiveField r && Arrays.equals(size, r.size) && Arrays.equals(jump, r.jump);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(size) + Arrays.hashCode(jump);
    }

    @Override
    public String toString() {
        return "ReceptiveField" + Arrays.toString(size) + " jump " + Arrays.toString(jump);
    }
}
