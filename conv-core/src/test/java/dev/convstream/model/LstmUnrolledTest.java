package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LstmUnrolled} (one layer, one input, one output, H up to 8) against {@link Lstm}'s
 * general path (bit for bit) and both against a naive LSTM in double written out below, on
 * random weights and random h0/c0, H 1 to 9, 1 to 3 layers (more than one layer, and H = 9,
 * always run on the general path: there the unrolled flag must change nothing), streamed in
 * random block sizes, exact and fast tanh, both kernel families.
 */
class LstmUnrolledTest {

    private static final int PREWARM = 300;
    private static final int MAX_BLOCK = 500;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : KernelFamilies.list()) {
            for (boolean fast : new boolean[] {false, true}) {
                for (int hidden = 1; hidden <= LstmUnrolled.MAX_HIDDEN + 1; hidden++) {
                    for (int layers = 1; layers <= 3; layers++) {
                        cases.add(Arguments.of(k, fast, hidden, layers));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Unrolled and general path: identical bits, in random block sizes (the state carried from
     * block to block through the arrays must be exactly what the locals held). Against the
     * double reference: 1e-5 of the output's peak, as in {@link LstmTest}: the float model's
     * tanh and sigmoid are within 3 ulp of the exact value (fast tanh: a few roundings of the
     * same rational formula), each step rounds once, and the cell state is a contraction of its
     * past (forget gate below 1), so rounding errors stay a few ulps of O(1) values instead of
     * growing with the length.
     */
    @ParameterizedTest(name = "{0}, fast {1}, H {2}, {3} layers")
    @MethodSource("cases")
    void unrolledEqualsGeneralPathAndTheDoubleReference(Kernels kernels, boolean fast, int hidden, int layers) {
        long seed = 1000L * hidden + 10L * layers + (fast ? 1 : 0);
        LstmConfig config = new LstmConfig(1, hidden, layers, PREWARM);
        float[] w = randomWeights(config, new Random(seed));
        float[] x = TestData.tones((int) seed, 3_000);

        Lstm unrolled = new Lstm(config, w, fast, kernels, true);
        Lstm general = new Lstm(config, w, fast, kernels, false);
        unrolled.prepare(MAX_BLOCK);
        general.prepare(MAX_BLOCK);
        float[] a = streamRandomBlocks(unrolled, x, new Random(seed + 1));
        float[] b = streamRandomBlocks(general, x, new Random(seed + 2));
        String what = "H " + hidden + ", " + layers + " layers, " + (fast ? "fast" : "exact") + ", " + kernels.name();
        assertArrayEquals(b, a, what + ": unrolled vs general path");

        double[] ref = reference(config, w, fast, x);
        double peak = 0;
        double diff = 0;
        for (int t = 0; t < x.length; t++) {
            peak = Math.max(peak, Math.abs(ref[t]));
            diff = Math.max(diff, Math.abs(ref[t] - a[t]));
        }
        assertTrue(peak > 1e-3, what + ": the reference is not silent (peak " + peak + ")");
        assertTrue(diff <= 1e-5 * peak, what + ": max difference from the double reference " + diff + " > 1e-5 x " + peak);
    }

    @Test
    void theUnrolledPathCoversOneLayerOneInputOneOutputUpToMaxHidden() {
        assertTrue(Lstm.unrollable(new LstmConfig(1, 3, 1, 0)));
        assertTrue(Lstm.unrollable(new LstmConfig(1, LstmUnrolled.MAX_HIDDEN, 1, 0)));
        assertFalse(Lstm.unrollable(new LstmConfig(1, LstmUnrolled.MAX_HIDDEN + 1, 1, 0)));
        assertFalse(Lstm.unrollable(new LstmConfig(1, 3, 2, 0)));
        assertFalse(Lstm.unrollable(new LstmConfig(2, 3, 1, 0)));
        assertFalse(Lstm.unrollable(new LstmConfig(1, 3, 1, 2, 0)));
    }

    /** As a condition DSP ({@link ChannelModel#compute}) the unrolled model gives what {@code process} gives. */
    @Test
    void computeAsAChannelModelEqualsProcess() {
        LstmConfig config = new LstmConfig(1, 3, 1, PREWARM);
        float[] w = randomWeights(config, new Random(5));
        float[] x = TestData.tones(6, 1_000);
        Lstm played = new Lstm(config, w, true, Kernels.scalar());
        Lstm dsp = new Lstm(config, w, true, Kernels.scalar());
        played.prepare(100);
        dsp.prepare(100);
        float[] y = new float[x.length];
        played.process(x, 0, y, 0, x.length / 2);
        played.process(x, x.length / 2, y, x.length / 2, x.length - x.length / 2);
        for (int t = 0; t < x.length; t += 100) {
            float[] block = dsp.compute(x, t, x.length, 100, false);
            assertNotNull(block);
            for (int i = 0; i < 100; i++) {
                assertEquals(Float.floatToRawIntBits(y[t + i]), Float.floatToRawIntBits(block[i]), "sample " + (t + i));
            }
        }
    }

    /** NAM's flat list: gate weights and biases in [-0.5, 0.5), h0 and c0 in [-1, 1), head in [-0.5, 0.5). */
    static float[] randomWeights(LstmConfig config, Random r) {
        float[] w = new float[(int) config.weightCount()];
        int pos = 0;
        int h = config.hiddenSize();
        for (int l = 0; l < config.numLayers(); l++) {
            int gates = 4 * h * (config.layerInputs(l) + h) + 4 * h;
            for (int i = 0; i < gates; i++) {
                w[pos++] = r.nextFloat() - 0.5f;
            }
            for (int i = 0; i < 2 * h; i++) {
                w[pos++] = 2 * r.nextFloat() - 1f;
            }
        }
        while (pos < w.length) {
            w[pos++] = r.nextFloat() - 0.5f;
        }
        return w;
    }

    private static float[] streamRandomBlocks(Lstm m, float[] x, Random r) {
        float[] y = new float[x.length];
        for (int t = 0; t < x.length; ) {
            int n = Math.min(x.length - t, r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(MAX_BLOCK));
            m.process(x, t, y, t, n);
            t += n;
        }
        return y;
    }

    /**
     * The LSTM in double straight from NAM's flat list (per layer {@code W[4H][in+H]} rows i, f,
     * g, o, {@code b}, {@code h0}, {@code c0}; then the head), from h0/c0 through
     * {@code prewarmSamples} zeros, then {@code x}. Fast: NAM core's fast tanh formula in double
     * and {@code 0.5 (fast_tanh(x/2) + 1)}.
     */
    static double[] reference(LstmConfig config, float[] w, boolean fast, float[] x) {
        int hid = config.hiddenSize();
        int layers = config.numLayers();
        int pos = 0;
        double[][] wl = new double[layers][];
        double[][] h = new double[layers][hid];
        double[][] c = new double[layers][hid];
        int[] cols = new int[layers];
        for (int l = 0; l < layers; l++) {
            cols[l] = config.layerInputs(l) + hid;
            wl[l] = new double[4 * hid * cols[l] + 4 * hid];
            for (int i = 0; i < wl[l].length; i++) {
                wl[l][i] = w[pos++];
            }
            for (int k = 0; k < hid; k++) {
                h[l][k] = w[pos++];
            }
            for (int k = 0; k < hid; k++) {
                c[l][k] = w[pos++];
            }
        }
        double[] head = new double[hid];
        for (int k = 0; k < hid; k++) {
            head[k] = w[pos++];
        }
        double headBias = w[pos++];
        assertEquals(w.length, pos, "weights used");
        double[] y = new double[x.length];
        for (int t = -config.prewarmSamples(); t < x.length; t++) {
            double[] v = {t < 0 ? 0 : x[t]};
            for (int l = 0; l < layers; l++) {
                double[] g = new double[4 * hid];
                for (int row = 0; row < 4 * hid; row++) {
                    double s = wl[l][4 * hid * cols[l] + row];
                    for (int j = 0; j < cols[l]; j++) {
                        double in = j < v.length ? v[j] : h[l][j - v.length];
                        s += wl[l][row * cols[l] + j] * in;
                    }
                    g[row] = s;
                }
                for (int k = 0; k < hid; k++) {
                    c[l][k] = sigmoid(g[hid + k], fast) * c[l][k] + sigmoid(g[k], fast) * tanh(g[2 * hid + k], fast);
                    h[l][k] = sigmoid(g[3 * hid + k], fast) * tanh(c[l][k], fast);
                }
                v = h[l].clone();
            }
            if (t >= 0) {
                double s = headBias;
                for (int k = 0; k < hid; k++) {
                    s += head[k] * v[k];
                }
                y[t] = s;
            }
        }
        return y;
    }

    private static double tanh(double v, boolean fast) {
        if (!fast) {
            return Math.tanh(v);
        }
        double a = Math.abs(v);
        double v2 = v * v;
        return v * (2.45550750702956 + 2.45550750702956 * a + (0.893229853513558 + 0.821226666969744 * a) * v2)
                / (2.44506634652299 + (2.44506634652299 + v2) * Math.abs(v + 0.814642734961073 * v * a));
    }

    private static double sigmoid(double v, boolean fast) {
        return fast ? 0.5 * (tanh(v * 0.5, true) + 1) : 1 / (1 + Math.exp(-v));
    }
}
