package dev.convstream.kernel;

import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TransposedScatter} on the Vector API, by stride phase (see {@link PhasePlan}): per
 * channel, the phase planes are filled with the bias, every tap adds its column-matrix row onto
 * its phase plane as one flat masked run (load, AND with the plan's mask, add: no per-row loop,
 * no tail), and the phase planes are then interleaved into the output rows.
 *
 * <p>Horizontal stride 1 copies phase rows; stride 2 (the usual upsampling layer) interleaves
 * even and odd phase rows in registers by widening each half of a vector to 64-bit lanes (even
 * value in the low 32 bits, odd value shifted into the high 32), which on JDK 17 compiles to
 * sign extensions, an AND, a shift and an OR; the general two-vector rearrange allocates there.
 * The row tail is the last full vector pulled back to end at the row's end (the same values
 * written twice). Other strides and narrow rows interleave in plain Java; geometries that are
 * not {@link PhasePlan#flat()} go to the plain-Java kernel.
 *
 * <p>No masked loads or stores (they allocate on JDK 17), no vector carried across loop
 * iterations, and no helper taking or returning a vector (those box once C2's inline budget is
 * spent).
 */
final class VectorTransposedScatter implements TransposedScatter {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Half-width ints: each half of a vector widens to one preferred-width vector of longs. */
    private static final VectorSpecies<Integer> HI =
            VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Long> W = LongVector.SPECIES_PREFERRED;
    /** The widening interleave relies on the low half of a long coming first in memory. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final TransposedScatter fallback = new ScalarTransposedScatter();

    @Override
    public void scatter(PhasePlan plan, int channels, float[] columns, int columnsOff, float[] bias, int biasOff,
                        float[] image, int imageOff, float[] work, int workOff) {
        if (plan == null || !plan.flat() || PhasePlan.ROUND % L != 0) {
            fallback.scatter(plan, channels, columns, columnsOff, bias, biasOff, image, imageOff, work, workOff);
            return;
        }
        TransposedScatter.check(plan, channels, columns, columnsOff, bias, biasOff, image, imageOff, work, workOff);
        ConvGeometry g = plan.geometry();
        int gridSize = g.gridSize();
        int planeSize = plan.planeSize;
        int taps = g.taps();
        int phases = g.strideH() * g.strideW();
        for (int c = 0; c < channels; c++) {
            float b = bias == null ? 0f : bias[biasOff + c];
            int cols = columnsOff + c * taps * gridSize;
            for (int ph = 0; ph < phases; ph++) {
                int dst = workOff + ph * planeSize;
                Arrays.fill(work, dst, dst + planeSize, b);
                // Up to four taps per pass: each output vector is loaded and stored once per pass.
                int t = plan.phaseStart[ph];
                int end = plan.phaseStart[ph + 1];
                for (; t + 4 <= end; t += 4) {
                    add4(plan, columns, cols, t, work, dst);
                }
                if (end - t == 3) {
                    add3(plan, columns, cols, t, work, dst);
                } else if (end - t == 2) {
                    add2(plan, columns, cols, t, work, dst);
                } else if (end - t == 1) {
                    add1(plan, columns, cols, t, work, dst);
                }
            }
            interleave(plan, work, workOff, image, imageOff + c * g.imageSize());
        }
    }

    /*
     * add1..add4: phase plane += the masked runs of 1..4 taps (phaseTaps[t...]). Written out
     * per count so that no vector is carried from one loop iteration to the next.
     */

    private static void add1(PhasePlan p, float[] columns, int cols, int t, float[] work, int dst) {
        int[] m = p.masks;
        int t0 = p.phaseTaps[t];
        int s0 = cols + t0 * p.geometry().gridSize() + p.tapDelta[t0];
        int m0 = p.tapMask[t0];
        for (int i = 0; i < p.planeSize; i += L) {
            FloatVector.fromArray(S, work, dst + i)
                    .add(FloatVector.fromArray(S, columns, s0 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m0 + i)).reinterpretAsFloats())
                    .intoArray(work, dst + i);
        }
    }

    private static void add2(PhasePlan p, float[] columns, int cols, int t, float[] work, int dst) {
        int[] m = p.masks;
        int gridSize = p.geometry().gridSize();
        int t0 = p.phaseTaps[t];
        int t1 = p.phaseTaps[t + 1];
        int s0 = cols + t0 * gridSize + p.tapDelta[t0];
        int s1 = cols + t1 * gridSize + p.tapDelta[t1];
        int m0 = p.tapMask[t0];
        int m1 = p.tapMask[t1];
        for (int i = 0; i < p.planeSize; i += L) {
            FloatVector.fromArray(S, work, dst + i)
                    .add(FloatVector.fromArray(S, columns, s0 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m0 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s1 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m1 + i)).reinterpretAsFloats())
                    .intoArray(work, dst + i);
        }
    }

    private static void add3(PhasePlan p, float[] columns, int cols, int t, float[] work, int dst) {
        int[] m = p.masks;
        int gridSize = p.geometry().gridSize();
        int t0 = p.phaseTaps[t];
        int t1 = p.phaseTaps[t + 1];
        int t2 = p.phaseTaps[t + 2];
        int s0 = cols + t0 * gridSize + p.tapDelta[t0];
        int s1 = cols + t1 * gridSize + p.tapDelta[t1];
        int s2 = cols + t2 * gridSize + p.tapDelta[t2];
        int m0 = p.tapMask[t0];
        int m1 = p.tapMask[t1];
        int m2 = p.tapMask[t2];
        for (int i = 0; i < p.planeSize; i += L) {
            FloatVector.fromArray(S, work, dst + i)
                    .add(FloatVector.fromArray(S, columns, s0 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m0 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s1 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m1 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s2 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m2 + i)).reinterpretAsFloats())
                    .intoArray(work, dst + i);
        }
    }

    private static void add4(PhasePlan p, float[] columns, int cols, int t, float[] work, int dst) {
        int[] m = p.masks;
        int gridSize = p.geometry().gridSize();
        int t0 = p.phaseTaps[t];
        int t1 = p.phaseTaps[t + 1];
        int t2 = p.phaseTaps[t + 2];
        int t3 = p.phaseTaps[t + 3];
        int s0 = cols + t0 * gridSize + p.tapDelta[t0];
        int s1 = cols + t1 * gridSize + p.tapDelta[t1];
        int s2 = cols + t2 * gridSize + p.tapDelta[t2];
        int s3 = cols + t3 * gridSize + p.tapDelta[t3];
        int m0 = p.tapMask[t0];
        int m1 = p.tapMask[t1];
        int m2 = p.tapMask[t2];
        int m3 = p.tapMask[t3];
        for (int i = 0; i < p.planeSize; i += L) {
            FloatVector.fromArray(S, work, dst + i)
                    .add(FloatVector.fromArray(S, columns, s0 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m0 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s1 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m1 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s2 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m2 + i)).reinterpretAsFloats())
                    .add(FloatVector.fromArray(S, columns, s3 + i).reinterpretAsInts()
                            .and(IntVector.fromArray(SI, m, m3 + i)).reinterpretAsFloats())
                    .intoArray(work, dst + i);
        }
    }

    /** Output plane from the phase planes of one channel. */
    private static void interleave(PhasePlan p, float[] work, int workOff, float[] image, int out) {
        ConvGeometry g = p.geometry();
        int sh = g.strideH();
        int sw = g.strideW();
        int imageW = g.imageW();
        int gridW = g.gridW();
        int pairs = imageW / 2;
        for (int oy = 0; oy < g.imageH(); oy++) {
            int row = workOff + (oy % sh) * sw * p.planeSize + (oy / sh) * gridW;
            int to = out + oy * imageW;
            if (sw == 1) {
                System.arraycopy(work, row, image, to, imageW);
            } else if (sw == 2 && pairs >= L && LITTLE_ENDIAN) {
                int odd = row + p.planeSize;
                for (int q = 0; q < pairs; q += L) {
                    int q0 = Math.min(q, pairs - L);
                    IntVector e = FloatVector.fromArray(S, work, row + q0).reinterpretAsInts();
                    IntVector o = FloatVector.fromArray(S, work, odd + q0).reinterpretAsInts();
                    // Lane i of the longs: even[i] in its low 32 bits, odd[i] in its high 32 bits,
                    // i.e. (little-endian) the floats even[i], odd[i] in memory order.
                    LongVector e0 = (LongVector) e.reinterpretShape(HI, 0).castShape(W, 0);
                    LongVector o0 = (LongVector) o.reinterpretShape(HI, 0).castShape(W, 0);
                    e0.and(0xFFFFFFFFL).or(o0.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats()
                            .intoArray(image, to + 2 * q0);
                    LongVector e1 = (LongVector) e.reinterpretShape(HI, 1).castShape(W, 0);
                    LongVector o1 = (LongVector) o.reinterpretShape(HI, 1).castShape(W, 0);
                    e1.and(0xFFFFFFFFL).or(o1.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats()
                            .intoArray(image, to + 2 * q0 + L);
                }
                if ((imageW & 1) != 0) {
                    image[to + imageW - 1] = work[row + pairs];
                }
            } else {
                for (int px = 0; px < sw; px++) {
                    int phase = row + px * p.planeSize;
                    for (int ox = px, qx = 0; ox < imageW; ox += sw, qx++) {
                        image[to + ox] = work[phase + qx];
                    }
                }
            }
        }
    }
}
