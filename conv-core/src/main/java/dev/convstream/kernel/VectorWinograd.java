package dev.convstream.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Winograd} on the Vector API with one tile per lane: a group of L tiles' windows is
 * gathered ({@code fromArray} with the tiles' starts as the index map), transformed with whole
 * vectors, and stored contiguously in the position-major layout the GEMMs read; the output
 * transform scatters a group of whole tiles straight into the output the same way, and goes
 * through scratch only for a group with a cropped (edge) tile or fewer than L tiles.
 *
 * <p>Each transform is two passes through scratch (columns, then rows) with the 1D formula
 * written once in a loop body: no helper takes or returns a vector, so nothing boxes once C2's
 * inlining budget is spent (see {@link VectorGemm}).
 */
final class VectorWinograd implements Winograd {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * The species' vector class: every load and broadcast is cast to it, so the transforms' Vector
     * API calls bind without a type profile (JDK 17's tier 2 -> 4 defect; see
     * VectorStreamingConv's EXACT). Same operations, same bits.
     */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> EXACT = (Class<FloatVector>) (Class<?>) S.vectorType();
    /** Scratch: 36 vectors of the input's column pass; 24 + 16 of the output's. */
    private static final int SCRATCH = 40 * L;

    @Override
    public int tileAlignment() {
        return L;
    }

    @Override
    public int scratchFloats() {
        return SCRATCH;
    }

    @Override
    public void inputTransform(int channels, float[] src, int plane, int pitch, int[] starts, int tiles,
                               float[] v, int vOff, int ld, float[] scratch) {
        FloatVector four = EXACT.cast(FloatVector.broadcast(S, 4f));
        FloatVector minusFour = EXACT.cast(FloatVector.broadcast(S, -4f));
        FloatVector minusFive = EXACT.cast(FloatVector.broadcast(S, -5f));
        FloatVector two = EXACT.cast(FloatVector.broadcast(S, 2f));
        FloatVector minusTwo = EXACT.cast(FloatVector.broadcast(S, -2f));
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int t0 = 0; t0 < tiles; t0 += L) {
                for (int col = 0; col < WINDOW; col++) {
                    int at = base + col;
                    FloatVector d0 = EXACT.cast(FloatVector.fromArray(S, src, at, starts, t0));
                    FloatVector d1 = EXACT.cast(FloatVector.fromArray(S, src, at + pitch, starts, t0));
                    FloatVector d2 = EXACT.cast(FloatVector.fromArray(S, src, at + 2 * pitch, starts, t0));
                    FloatVector d3 = EXACT.cast(FloatVector.fromArray(S, src, at + 3 * pitch, starts, t0));
                    FloatVector d4 = EXACT.cast(FloatVector.fromArray(S, src, at + 4 * pitch, starts, t0));
                    FloatVector d5 = EXACT.cast(FloatVector.fromArray(S, src, at + 5 * pitch, starts, t0));
                    FloatVector d42 = d4.sub(d2);
                    FloatVector d31 = d3.sub(d1);
                    d0.fma(four, d2.fma(minusFive, d4)).intoArray(scratch, col * L);
                    d1.add(d2).fma(minusFour, d3.add(d4)).intoArray(scratch, (6 + col) * L);
                    d1.sub(d2).fma(four, d4.sub(d3)).intoArray(scratch, (12 + col) * L);
                    d31.fma(two, d42).intoArray(scratch, (18 + col) * L);
                    d31.fma(minusTwo, d42).intoArray(scratch, (24 + col) * L);
                    d1.fma(four, d3.fma(minusFive, d5)).intoArray(scratch, (30 + col) * L);
                }
                for (int i = 0; i < WINDOW; i++) {
                    FloatVector e0 = EXACT.cast(FloatVector.fromArray(S, scratch, 6 * i * L));
                    FloatVector e1 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * i + 1) * L));
                    FloatVector e2 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * i + 2) * L));
                    FloatVector e3 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * i + 3) * L));
                    FloatVector e4 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * i + 4) * L));
                    FloatVector e5 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * i + 5) * L));
                    FloatVector e42 = e4.sub(e2);
                    FloatVector e31 = e3.sub(e1);
                    int k = 6 * i;
                    int step = channels * ld;
                    int out = vOff + (k * channels + c) * ld + t0;
                    e0.fma(four, e2.fma(minusFive, e4)).intoArray(v, out);
                    e1.add(e2).fma(minusFour, e3.add(e4)).intoArray(v, out + step);
                    e1.sub(e2).fma(four, e4.sub(e3)).intoArray(v, out + 2 * step);
                    e31.fma(two, e42).intoArray(v, out + 3 * step);
                    e31.fma(minusTwo, e42).intoArray(v, out + 4 * step);
                    e1.fma(four, e3.fma(minusFive, e5)).intoArray(v, out + 5 * step);
                }
            }
        }
    }

    @Override
    public void outputTransform(int channels, float[] m, int mOff, int ld, int tiles, float[] bias, int biasOff,
                                float[] dst, int dstOff, int plane, int pitch, int[] starts, int[] rows, int[] cols,
                                float[] scratch) {
        int step = channels * ld;
        int tileOut = 24 * L;
        FloatVector two = EXACT.cast(FloatVector.broadcast(S, 2f));
        FloatVector four = EXACT.cast(FloatVector.broadcast(S, 4f));
        FloatVector eight = EXACT.cast(FloatVector.broadcast(S, 8f));
        for (int c = 0; c < channels; c++) {
            float b = bias == null ? 0f : bias[biasOff + c];
            int out0 = dstOff + c * plane;
            for (int t0 = 0; t0 < tiles; t0 += L) {
                boolean whole = whole(t0, tiles, rows, cols);
                for (int j = 0; j < WINDOW; j++) {
                    int at = mOff + (j * channels + c) * ld + t0;
                    FloatVector m0 = EXACT.cast(FloatVector.fromArray(S, m, at));
                    FloatVector m1 = EXACT.cast(FloatVector.fromArray(S, m, at + 6 * step));
                    FloatVector m2 = EXACT.cast(FloatVector.fromArray(S, m, at + 12 * step));
                    FloatVector m3 = EXACT.cast(FloatVector.fromArray(S, m, at + 18 * step));
                    FloatVector m4 = EXACT.cast(FloatVector.fromArray(S, m, at + 24 * step));
                    FloatVector m5 = EXACT.cast(FloatVector.fromArray(S, m, at + 30 * step));
                    FloatVector sum12 = m1.add(m2);
                    FloatVector diff12 = m1.sub(m2);
                    FloatVector sum34 = m3.add(m4);
                    FloatVector diff34 = m3.sub(m4);
                    m0.add(sum12).add(sum34).intoArray(scratch, j * L);
                    diff34.fma(two, diff12).intoArray(scratch, (6 + j) * L);
                    sum34.fma(four, sum12).intoArray(scratch, (12 + j) * L);
                    diff34.fma(eight, diff12).add(m5).intoArray(scratch, (18 + j) * L);
                }
                for (int a = 0; a < TILE; a++) {
                    FloatVector e0 = EXACT.cast(FloatVector.fromArray(S, scratch, 6 * a * L));
                    FloatVector e1 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * a + 1) * L));
                    FloatVector e2 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * a + 2) * L));
                    FloatVector e3 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * a + 3) * L));
                    FloatVector e4 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * a + 4) * L));
                    FloatVector e5 = EXACT.cast(FloatVector.fromArray(S, scratch, (6 * a + 5) * L));
                    FloatVector sum12 = e1.add(e2);
                    FloatVector diff12 = e1.sub(e2);
                    FloatVector sum34 = e3.add(e4);
                    FloatVector diff34 = e3.sub(e4);
                    FloatVector y0 = e0.add(sum12).add(sum34).add(b);
                    FloatVector y1 = diff34.fma(two, diff12).add(b);
                    FloatVector y2 = sum34.fma(four, sum12).add(b);
                    FloatVector y3 = diff34.fma(eight, diff12).add(e5).add(b);
                    if (whole) {
                        int row = out0 + a * pitch;
                        y0.intoArray(dst, row, starts, t0);
                        y1.intoArray(dst, row + 1, starts, t0);
                        y2.intoArray(dst, row + 2, starts, t0);
                        y3.intoArray(dst, row + 3, starts, t0);
                    } else {
                        int row = tileOut + 4 * a * L;
                        y0.intoArray(scratch, row);
                        y1.intoArray(scratch, row + L);
                        y2.intoArray(scratch, row + 2 * L);
                        y3.intoArray(scratch, row + 3 * L);
                    }
                }
                if (!whole) {
                    cropped(t0, tiles, scratch, tileOut, dst, out0, pitch, starts, rows, cols);
                }
            }
        }
    }

    /** Whether the group from t0 holds L tiles, all 4x4. */
    private static boolean whole(int t0, int tiles, int[] rows, int[] cols) {
        if (t0 + L > tiles) {
            return false;
        }
        for (int t = t0; t < t0 + L; t++) {
            if (rows[t] != TILE || cols[t] != TILE) {
                return false;
            }
        }
        return true;
    }

    /** Copies a group's outputs from scratch ({@code [a][b][lane]}), each tile cropped to its rows and columns. */
    private static void cropped(int t0, int tiles, float[] scratch, int from, float[] dst, int out0, int pitch,
                                int[] starts, int[] rows, int[] cols) {
        for (int t = t0; t < Math.min(tiles, t0 + L); t++) {
            int lane = t - t0;
            for (int a = 0; a < rows[t]; a++) {
                int row = out0 + starts[t] + a * pitch;
                for (int bb = 0; bb < cols[t]; bb++) {
                    dst[row + bb] = scratch[from + (4 * a + bb) * L + lane];
                }
            }
        }
    }
}
