package dev.convstream.kernel;

import dev.convstream.check.Require;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link SmallLstm} on the Vector API for {@code 4H} below the preferred species's lane count
 * (H up to 3 with 512-bit vectors, H = 1 with 256-bit). Lanes: the gates in the order i, f, o,
 * g, then at least one lane whose weights and bias are 0. Fast tanh runs on all lanes at once;
 * the sigmoid lanes enter as {@code x * 0.5} and leave as {@code fma(t, 0.5, 0.5)}, which equals
 * {@code 0.5 (t + 1)} bit for bit (halving is exact), the tanh lanes as {@code x * 1} and
 * {@code fma(t, 1, -0)}, both exact for every t. Shuffles align f, o and g with i in lanes
 * {@code [0, H)}; lanes from H on take the zero gate lane, so c and h stay 0 there. The hidden
 * state reaches the next sample's gates, and the head, as one broadcast shuffle per unit.
 *
 * <p>No masks (not intrinsified on JDK 17); the vectors stay in registers once C2 has compiled
 * the cell (it scalar-replaces them), and until then every vector is boxed: {@link Cell#compile}
 * runs the cell until {@link AllocationFreeWarmUp} sees that, and {@code Lstm} plays it only
 * after ({@code LstmFamilyCellTest}, {@code WaveNetAllocationTest}).
 */
final class VectorSmallLstm implements SmallLstm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Frames of the calls of {@link VectorCell#compile}, in turn: mostly few, so C2's invocation
     * count comes soon, and of other sizes and offsets too, so the compiled code has seen what a
     * host's blocks do (C2 compiled on JDK 25 and dropped the code at an uncommon trap once).
     */
    private static final int[] WARM_FRAMES = {16, 1, 16, 7, 16, 64};
    private static final int WARM_SIGNAL = 128;

    @Override
    public Cell fastTanhCell(int hidden, float[] weights) {
        Require.atLeastOne("hidden", hidden);
        if (4 * hidden >= L || hidden > 3) {
            return null;
        }
        return switch (hidden) {
            case 1 -> new Cell1(weights);
            case 2 -> new Cell2(weights);
            default -> new Cell3(weights);
        };
    }

    /*
     * One class per H, each with its own run: C2 then compiles each H's code apart, with no
     * profile shared between sizes (a switch on H in one run would be compiled for the sizes seen
     * so far, and a model of another size would send the compiled code back to the interpreter
     * while the first one plays).
     */

    private static final class Cell1 extends VectorCell {
        Cell1(float[] w) {
            super(1, w);
        }

        @Override
        public void run(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            check(hs, cs, in, inOff, out, outOff, frames);
            run1(hs, cs, in, inOff, out, outOff, frames);
        }
    }

    private static final class Cell2 extends VectorCell {
        Cell2(float[] w) {
            super(2, w);
        }

        @Override
        public void run(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            check(hs, cs, in, inOff, out, outOff, frames);
            run2(hs, cs, in, inOff, out, outOff, frames);
        }
    }

    private static final class Cell3 extends VectorCell {
        Cell3(float[] w) {
            super(3, w);
        }

        @Override
        public void run(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            check(hs, cs, in, inOff, out, outOff, frames);
            run3(hs, cs, in, inOff, out, outOff, frames);
        }
    }

    private abstract static class VectorCell implements Cell {
        private final int hidden;
        private final float[][] columns;  // [1+H][L]: the input's, then each hidden unit's, gate weights
        private final float[] bias = new float[L];
        private final float[] pre = new float[L];
        private final float[] postScale = new float[L];
        private final float[] postAdd = new float[L];
        private final float[] head = new float[3];
        private final float headBias;
        private final VectorShuffle<Float> toF;
        private final VectorShuffle<Float> toO;
        private final VectorShuffle<Float> toG;
        private final VectorShuffle<Float> unit0;
        private final VectorShuffle<Float> unit1;
        private final VectorShuffle<Float> unit2;
        private final float[] scratch = new float[L];

        VectorCell(int hidden, float[] w) {
            int cols = 1 + hidden;
            int rows = 4 * hidden;
            if (w.length != rows * cols + rows + hidden + 1) {
                throw new IllegalArgumentException("LSTM weights: expected " + (rows * cols + rows + hidden + 1)
                        + " values for H = " + hidden + ", found " + w.length);
            }
            this.hidden = hidden;
            columns = new float[cols][L];
            for (int row = 0; row < rows; row++) {
                int lane = lane(row, hidden);
                for (int j = 0; j < cols; j++) {
                    columns[j][lane] = w[row * cols + j];
                }
                bias[lane] = w[rows * cols + row];
            }
            for (int lane = 0; lane < L; lane++) {
                boolean sigmoid = lane < 3 * hidden;
                pre[lane] = sigmoid ? 0.5f : 1f;
                postScale[lane] = sigmoid ? 0.5f : 1f;
                postAdd[lane] = sigmoid ? 0.5f : -0f;
            }
            System.arraycopy(w, rows * cols + rows, head, 0, hidden);
            headBias = w[w.length - 1];
            toF = shuffle(hidden, hidden);
            toO = shuffle(hidden, 2 * hidden);
            toG = shuffle(hidden, 3 * hidden);
            unit0 = broadcast(0);
            unit1 = broadcast(Math.min(1, hidden - 1));
            unit2 = broadcast(Math.min(2, hidden - 1));
        }

        /** NAM's row (i, f, g, o) to its lane (i, f, o, g). */
        private static int lane(int row, int hidden) {
            int gate = row / hidden;
            return (gate == 2 ? 3 : gate == 3 ? 2 : gate) * hidden + row % hidden;
        }

        /** Lane k < H takes lane from + k; the others the last lane, a zero gate. */
        private static VectorShuffle<Float> shuffle(int hidden, int from) {
            int[] index = new int[L];
            for (int k = 0; k < L; k++) {
                index[k] = k < hidden ? from + k : L - 1;
            }
            return VectorShuffle.fromArray(S, index, 0);
        }

        private static VectorShuffle<Float> broadcast(int unit) {
            int[] index = new int[L];
            Arrays.fill(index, unit);
            return VectorShuffle.fromArray(S, index, 0);
        }

        /** The arguments of {@link #run}, checked. */
        final void check(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            java.util.Objects.checkFromIndexSize(inOff, frames, in.length);
            java.util.Objects.checkFromIndexSize(outOff, frames, out.length);
            if (hs.length != hidden || cs.length != hidden) {
                throw new IllegalArgumentException("state of " + hs.length + " and " + cs.length + " values for H = "
                        + hidden);
            }
        }

        /**
         * A sine of amplitude 0.5 through scratch state, in blocks of {@link #WARM_FRAMES} at
         * moving offsets: the cell has no branches on values, so any signal reaches all of its code.
         */
        @Override
        public boolean compile(long budgetNanos) {
            float[] hs = new float[hidden];
            float[] cs = new float[hidden];
            float[] in = new float[WARM_SIGNAL];
            float[] out = new float[WARM_SIGNAL];
            for (int t = 0; t < WARM_SIGNAL; t++) {
                in[t] = (float) (0.5 * Math.sin(0.4 * t));
            }
            int[] call = new int[1];
            return new AllocationFreeWarmUp().run(() -> {
                int k = call[0]++;
                int frames = WARM_FRAMES[k % WARM_FRAMES.length];
                int off = (k * 5) % (WARM_SIGNAL - frames + 1);
                run(hs, cs, in, off, out, WARM_SIGNAL - frames - off, frames);
            }, budgetNanos);
        }

        // BEGIN GENERATED by conv-core/src/main/scripts/gen_lstm_unrolled.py: do not edit, run the script.
        /** H = 1. */
        final void run1(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector wx = FloatVector.fromArray(S, columns[0], 0);
            FloatVector w0 = FloatVector.fromArray(S, columns[1], 0);
            FloatVector b = FloatVector.fromArray(S, bias, 0);
            FloatVector scaleIn = FloatVector.fromArray(S, pre, 0);
            FloatVector scaleOut = FloatVector.fromArray(S, postScale, 0);
            FloatVector addOut = FloatVector.fromArray(S, postAdd, 0);
            FloatVector k1 = FloatVector.broadcast(S, 0.821226666969744f);
            FloatVector k2 = FloatVector.broadcast(S, 0.893229853513558f);
            FloatVector k3 = FloatVector.broadcast(S, 2.45550750702956f);
            FloatVector k4 = FloatVector.broadcast(S, 2.44506634652299f);
            FloatVector k5 = FloatVector.broadcast(S, 0.814642734961073f);
            FloatVector v0 = FloatVector.broadcast(S, head[0]);
            VectorShuffle<Float> f = toF;
            VectorShuffle<Float> o = toO;
            VectorShuffle<Float> g = toG;
            VectorShuffle<Float> s0 = unit0;
            Arrays.fill(scratch, 0f);
            System.arraycopy(hs, 0, scratch, 0, 1);
            FloatVector h = FloatVector.fromArray(S, scratch, 0);
            System.arraycopy(cs, 0, scratch, 0, 1);
            FloatVector c = FloatVector.fromArray(S, scratch, 0);
            FloatVector h0 = h.rearrange(s0);
            for (int t = 0; t < frames; t++) {
                FloatVector x = FloatVector.broadcast(S, in[inOff + t]);
                FloatVector gates = w0.fma(h0, wx.fma(x, zero)).add(b).mul(scaleIn);
                FloatVector actAbs = gates.abs();
                FloatVector actSq = gates.mul(gates);
                FloatVector actNum = k1.fma(actAbs, k2).fma(actSq, k3.fma(actAbs, k3));
                FloatVector actDen = k4.add(actSq).fma(k5.mul(gates).fma(actAbs, gates).abs(), k4);
                FloatVector act = gates.mul(actNum).div(actDen);
                FloatVector a = act.fma(scaleOut, addOut);
                c = a.rearrange(f).fma(c, a.mul(a.rearrange(g)));
                FloatVector uAbs = c.abs();
                FloatVector uSq = c.mul(c);
                FloatVector uNum = k1.fma(uAbs, k2).fma(uSq, k3.fma(uAbs, k3));
                FloatVector uDen = k4.add(uSq).fma(k5.mul(c).fma(uAbs, c).abs(), k4);
                FloatVector u = c.mul(uNum).div(uDen);
                h = a.rearrange(o).mul(u);
                h0 = h.rearrange(s0);
                out[outOff + t] = v0.fma(h0, zero).lane(0) + headBias;
            }
            h.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, hs, 0, 1);
            c.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, cs, 0, 1);
        }

        /** H = 2. */
        final void run2(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector wx = FloatVector.fromArray(S, columns[0], 0);
            FloatVector w0 = FloatVector.fromArray(S, columns[1], 0);
            FloatVector w1 = FloatVector.fromArray(S, columns[2], 0);
            FloatVector b = FloatVector.fromArray(S, bias, 0);
            FloatVector scaleIn = FloatVector.fromArray(S, pre, 0);
            FloatVector scaleOut = FloatVector.fromArray(S, postScale, 0);
            FloatVector addOut = FloatVector.fromArray(S, postAdd, 0);
            FloatVector k1 = FloatVector.broadcast(S, 0.821226666969744f);
            FloatVector k2 = FloatVector.broadcast(S, 0.893229853513558f);
            FloatVector k3 = FloatVector.broadcast(S, 2.45550750702956f);
            FloatVector k4 = FloatVector.broadcast(S, 2.44506634652299f);
            FloatVector k5 = FloatVector.broadcast(S, 0.814642734961073f);
            FloatVector v0 = FloatVector.broadcast(S, head[0]);
            FloatVector v1 = FloatVector.broadcast(S, head[1]);
            VectorShuffle<Float> f = toF;
            VectorShuffle<Float> o = toO;
            VectorShuffle<Float> g = toG;
            VectorShuffle<Float> s0 = unit0;
            VectorShuffle<Float> s1 = unit1;
            Arrays.fill(scratch, 0f);
            System.arraycopy(hs, 0, scratch, 0, 2);
            FloatVector h = FloatVector.fromArray(S, scratch, 0);
            System.arraycopy(cs, 0, scratch, 0, 2);
            FloatVector c = FloatVector.fromArray(S, scratch, 0);
            FloatVector h0 = h.rearrange(s0);
            FloatVector h1 = h.rearrange(s1);
            for (int t = 0; t < frames; t++) {
                FloatVector x = FloatVector.broadcast(S, in[inOff + t]);
                FloatVector gates = w1.fma(h1, w0.fma(h0, wx.fma(x, zero))).add(b).mul(scaleIn);
                FloatVector actAbs = gates.abs();
                FloatVector actSq = gates.mul(gates);
                FloatVector actNum = k1.fma(actAbs, k2).fma(actSq, k3.fma(actAbs, k3));
                FloatVector actDen = k4.add(actSq).fma(k5.mul(gates).fma(actAbs, gates).abs(), k4);
                FloatVector act = gates.mul(actNum).div(actDen);
                FloatVector a = act.fma(scaleOut, addOut);
                c = a.rearrange(f).fma(c, a.mul(a.rearrange(g)));
                FloatVector uAbs = c.abs();
                FloatVector uSq = c.mul(c);
                FloatVector uNum = k1.fma(uAbs, k2).fma(uSq, k3.fma(uAbs, k3));
                FloatVector uDen = k4.add(uSq).fma(k5.mul(c).fma(uAbs, c).abs(), k4);
                FloatVector u = c.mul(uNum).div(uDen);
                h = a.rearrange(o).mul(u);
                h0 = h.rearrange(s0);
                h1 = h.rearrange(s1);
                out[outOff + t] = v1.fma(h1, v0.fma(h0, zero)).lane(0) + headBias;
            }
            h.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, hs, 0, 2);
            c.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, cs, 0, 2);
        }

        /** H = 3. */
        final void run3(float[] hs, float[] cs, float[] in, int inOff, float[] out, int outOff, int frames) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector wx = FloatVector.fromArray(S, columns[0], 0);
            FloatVector w0 = FloatVector.fromArray(S, columns[1], 0);
            FloatVector w1 = FloatVector.fromArray(S, columns[2], 0);
            FloatVector w2 = FloatVector.fromArray(S, columns[3], 0);
            FloatVector b = FloatVector.fromArray(S, bias, 0);
            FloatVector scaleIn = FloatVector.fromArray(S, pre, 0);
            FloatVector scaleOut = FloatVector.fromArray(S, postScale, 0);
            FloatVector addOut = FloatVector.fromArray(S, postAdd, 0);
            FloatVector k1 = FloatVector.broadcast(S, 0.821226666969744f);
            FloatVector k2 = FloatVector.broadcast(S, 0.893229853513558f);
            FloatVector k3 = FloatVector.broadcast(S, 2.45550750702956f);
            FloatVector k4 = FloatVector.broadcast(S, 2.44506634652299f);
            FloatVector k5 = FloatVector.broadcast(S, 0.814642734961073f);
            FloatVector v0 = FloatVector.broadcast(S, head[0]);
            FloatVector v1 = FloatVector.broadcast(S, head[1]);
            FloatVector v2 = FloatVector.broadcast(S, head[2]);
            VectorShuffle<Float> f = toF;
            VectorShuffle<Float> o = toO;
            VectorShuffle<Float> g = toG;
            VectorShuffle<Float> s0 = unit0;
            VectorShuffle<Float> s1 = unit1;
            VectorShuffle<Float> s2 = unit2;
            Arrays.fill(scratch, 0f);
            System.arraycopy(hs, 0, scratch, 0, 3);
            FloatVector h = FloatVector.fromArray(S, scratch, 0);
            System.arraycopy(cs, 0, scratch, 0, 3);
            FloatVector c = FloatVector.fromArray(S, scratch, 0);
            FloatVector h0 = h.rearrange(s0);
            FloatVector h1 = h.rearrange(s1);
            FloatVector h2 = h.rearrange(s2);
            for (int t = 0; t < frames; t++) {
                FloatVector x = FloatVector.broadcast(S, in[inOff + t]);
                FloatVector gates = w2.fma(h2, w1.fma(h1, w0.fma(h0, wx.fma(x, zero)))).add(b).mul(scaleIn);
                FloatVector actAbs = gates.abs();
                FloatVector actSq = gates.mul(gates);
                FloatVector actNum = k1.fma(actAbs, k2).fma(actSq, k3.fma(actAbs, k3));
                FloatVector actDen = k4.add(actSq).fma(k5.mul(gates).fma(actAbs, gates).abs(), k4);
                FloatVector act = gates.mul(actNum).div(actDen);
                FloatVector a = act.fma(scaleOut, addOut);
                c = a.rearrange(f).fma(c, a.mul(a.rearrange(g)));
                FloatVector uAbs = c.abs();
                FloatVector uSq = c.mul(c);
                FloatVector uNum = k1.fma(uAbs, k2).fma(uSq, k3.fma(uAbs, k3));
                FloatVector uDen = k4.add(uSq).fma(k5.mul(c).fma(uAbs, c).abs(), k4);
                FloatVector u = c.mul(uNum).div(uDen);
                h = a.rearrange(o).mul(u);
                h0 = h.rearrange(s0);
                h1 = h.rearrange(s1);
                h2 = h.rearrange(s2);
                out[outOff + t] = v2.fma(h2, v1.fma(h1, v0.fma(h0, zero))).lane(0) + headBias;
            }
            h.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, hs, 0, 3);
            c.intoArray(scratch, 0);
            System.arraycopy(scratch, 0, cs, 0, 3);
        }
        // END GENERATED by conv-core/src/main/scripts/gen_lstm_unrolled.py
    }
}
