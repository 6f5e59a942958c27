package dev.convstream.layer;

import java.util.Arrays;

/** Input-shape validation shared by the layers; messages name the layer, the axis and what was found. */
final class LayerChecks {
    private LayerChecks() {
    }

    /** Checks {@code shape} has one of {@code ranks} and no empty axis. */
    static void rank(String layer, int[] shape, int... ranks) {
        if (shape == null) {
            throw new IllegalArgumentException(layer + ": input shape must not be null");
        }
        boolean ok = false;
        for (int r : ranks) {
            ok |= shape.length == r;
        }
        if (!ok) {
            throw new IllegalArgumentException(layer + " expects input of rank " + describeRanks(ranks)
                    + ", found shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1) {
                throw new IllegalArgumentException(layer + ": input shape " + Arrays.toString(shape)
                        + " has an empty axis " + i);
            }
        }
    }

    /** Checks {@code shape} is {@code [N][C]...} with at least {@code minRank} axes, none empty. */
    static void atLeastRank(String layer, int[] shape, int minRank) {
        if (shape == null) {
            throw new IllegalArgumentException(layer + ": input shape must not be null");
        }
        if (shape.length < minRank) {
            throw new IllegalArgumentException(layer + " expects input of rank >= " + minRank
                    + " ([N][C]...), found shape " + Arrays.toString(shape));
        }
        rank(layer, shape, shape.length);
    }

    static void channels(String layer, int[] shape, int expected) {
        if (shape[1] != expected) {
            throw new IllegalArgumentException(layer + " expects " + expected + " channels, found "
                    + shape[1] + " in shape " + Arrays.toString(shape));
        }
    }

    /** Product of the axes from {@code from} on (the per-channel plane size when {@code from} is 2). */
    static int product(int[] shape, int from) {
        int p = 1;
        for (int i = from; i < shape.length; i++) {
            p *= shape[i];
        }
        return p;
    }

    private static String describeRanks(int[] ranks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranks.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append(ranks[i]).append(ranks[i] == 3 ? " ([N][C][L])" : ranks[i] == 4 ? " ([N][C][H][W])"
                    : ranks[i] == 2 ? " ([N][C])" : "");
        }
        return sb.toString();
    }
}
