package dev.convstream.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NAM's LSTM, written by the test, against a plain-loop LSTM cell written out below. */
class LstmTest {

    /**
     * A plain-loop LSTM straight from the file's weights, as NAM core reads them: per layer
     * {@code W[4H][in+H]} row-major with rows i, f, g, o; {@code b[4H]}; {@code h0[H]};
     * {@code c0[H]}; then the head {@code w[H]}, {@code b}. Starts from h0/c0, runs
     * {@code prewarm} zeros, then {@code x}. Transcendentals in double, rounded to float as NAM
     * core's {@code tanhf}/{@code expf} round; with {@code fast}, NAM core's fast tanh and
     * {@code 0.5 (fast_tanh(x/2) + 1)} for sigmoid, in float.
     */
    static float[] reference(float[] w, int hidden, int layers, int prewarm, boolean fast, float[] x) {
        int pos = 0;
        float[][] wl = new float[layers][];
        float[][] bl = new float[layers][];
        float[][] h = new float[layers][];
        float[][] c = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int cols = (l == 0 ? 1 : hidden) + hidden;
            wl[l] = Arrays.copyOfRange(w, pos, pos += 4 * hidden * cols);
            bl[l] = Arrays.copyOfRange(w, pos, pos += 4 * hidden);
            h[l] = Arrays.copyOfRange(w, pos, pos += hidden);
            c[l] = Arrays.copyOfRange(w, pos, pos += hidden);
        }
        float[] headW = Arrays.copyOfRange(w, pos, pos += hidden);
        float headB = w[pos++];
        assertEquals(w.length, pos, "weights used");
        float[] y = new float[x.length];
        for (int t = -prewarm; t < x.length; t++) {
            float[] v = {t < 0 ? 0f : x[t]};
            for (int l = 0; l < layers; l++) {
                float[] xh = new float[v.length + hidden];
                System.arraycopy(v, 0, xh, 0, v.length);
                System.arraycopy(h[l], 0, xh, v.length, hidden);
                float[] g = new float[4 * hidden];
                for (int row = 0; row < 4 * hidden; row++) {
                    float s = bl[l][row];
                    for (int j = 0; j < xh.length; j++) {
                        s += wl[l][row * xh.length + j] * xh[j];
                    }
                    g[row] = s;
                }
                for (int k = 0; k < hidden; k++) {
                    float i = sigmoid(g[k], fast);
                    float f = sigmoid(g[hidden + k], fast);
                    float gg = tanh(g[2 * hidden + k], fast);
                    float o = sigmoid(g[3 * hidden + k], fast);
                    c[l][k] = f * c[l][k] + i * gg;
                    h[l][k] = o * tanh(c[l][k], fast);
                }
                v = h[l];
            }
            if (t >= 0) {
                float s = headB;
                for (int k = 0; k < hidden; k++) {
                    s += headW[k] * v[k];
                }
                y[t] = s;
            }
        }
        return y;
    }

    static float tanh(float v, boolean fast) {
        if (!fast) {
            return (float) Math.tanh(v);
        }
        float a = Math.abs(v);
        float v2 = v * v;
        return v * (2.45550750702956f + 2.45550750702956f * a + (0.893229853513558f + 0.821226666969744f * a) * v2)
                / (2.44506634652299f + (2.44506634652299f + v2) * Math.abs(v + 0.814642734961073f * v * a));
    }

    static float sigmoid(float v, boolean fast) {
        return fast ? 0.5f * (tanh(v * 0.5f, true) + 1f) : (float) (1 / (1 + Math.exp(-v)));
    }

    static float[] stream(StreamingModel m, float[] x, int block) {
        float[] y = new float[x.length];
        m.reset();
        for (int t = 0; t < x.length; t += block) {
            m.process(x, t, y, t, Math.min(block, x.length - t));
        }
        return y;
    }

    static double peak(float[] y) {
        double p = 0;
        for (float v : y) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }

    static double maxDifference(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    /**
     * Two layers of 5 units and one of 20 (gate rows 80: long enough for C2 to vectorise the
     * gate columns), random h0/c0, exact and fast tanh, against the plain loops. Tolerance 1e-5
     * of the output's peak: the model's tanh and sigmoid are within 2-3 float ulps of the exact
     * value the reference rounds once, and a few ulps of an O(1) state stay a few ulps, since
     * the cell's state is a contraction of its past (forget gate below 1).
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void matchesThePlainLoopCellWithExactAndFastTanh(Kernels kernels) throws IOException {
        float[] x = TestData.tones(3, 6_000);
        for (int[] shape : new int[][] {{5, 2}, {20, 1}}) {
            for (boolean fast : new boolean[] {false, true}) {
                ObjectNode doc = NamDocuments.lstm(shape[0], shape[1], 11);
                NamFile f = NamDocuments.read(doc, fast);
                assertEquals(24_000, f.lstm().prewarmSamples(), "half a second at 48 kHz");
                StreamingModel m = f.newModel(kernels);
                m.prepare(64);
                float[] y = stream(m, x, 64);
                float[] ref = reference(f.weights(), shape[0], shape[1], 24_000, fast, x);
                double tol = 1e-5 * peak(ref);
                String what = shape[0] + "x" + shape[1] + (fast ? " fast" : " exact") + ", " + kernels.name();
                double diff = maxDifference(ref, y);
                assertTrue(diff <= tol, what + ": max difference " + diff + " > " + tol);
                float[] other = reference(f.weights(), shape[0], shape[1], 24_000, !fast, x);
                assertTrue(maxDifference(other, y) > 10 * tol, what + ": indistinguishable from the other tanh");
            }
        }
    }

    /** With random h0/c0 the prewarm moves the state: starting from h0/c0 itself differs. */
    @Test
    void startsFromTheStateAfterHalfASecondOfSilenceNotFromH0() throws IOException {
        NamFile f = NamDocuments.read(NamDocuments.lstm(5, 2, 12), false);
        float[] x = TestData.tones(4, 2_000);
        StreamingModel m = f.newModel(Kernels.scalar());
        m.prepare(32);
        float[] y = stream(m, x, 32);
        float[] warm = reference(f.weights(), 5, 2, 24_000, false, x);
        float[] cold = reference(f.weights(), 5, 2, 0, false, x);
        double tol = 1e-5 * peak(warm);
        assertTrue(maxDifference(warm, y) <= tol, "prewarmed");
        assertTrue(maxDifference(cold, y) > 100 * tol, "h0/c0 are not the zero-input state of this model");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void blockSizeDoesNotChangeOneBit(Kernels kernels) throws IOException {
        NamFile f = NamDocuments.read(NamDocuments.lstm(6, 2, 13), true);
        float[] x = TestData.tones(5, 9_000);
        StreamingModel m = f.newModel(kernels);
        m.prepare(4096);
        float[] offline = m.processOffline(x);
        for (int block : new int[] {1, 64, 97, 4096}) {
            assertArrayEquals(offline, stream(m, x, block), "blocks of " + block);
        }
    }

    @Test
    void resetReturnsToThePrewarmedState() throws IOException {
        StreamingModel m = NamDocuments.read(NamDocuments.lstm(4, 1, 14), false).newModel(Kernels.scalar());
        m.prepare(16);
        float[] x = TestData.tones(6, 500);
        float[] first = stream(m, x, 16);
        assertArrayEquals(first, stream(m, x, 16));
    }

    @Test
    void prewarmIsHalfASecondAtTheFileRateAndOneSampleWithoutOne() throws IOException {
        ObjectNode doc = NamDocuments.lstm(3, 1, 15);
        doc.put("sample_rate", 44_100);
        assertEquals(22_050, NamDocuments.read(doc, false).lstm().prewarmSamples());
        doc.remove("sample_rate");
        assertEquals(1, NamDocuments.read(doc, false).lstm().prewarmSamples());
    }

    @Test
    void stateSizeParametersAndMacs() {
        LstmConfig c = new LstmConfig(1, 8, 2, 0);
        assertEquals(4 * 8 * 9 + 48 + 4 * 8 * 16 + 48 + 9, c.weightCount());
        assertEquals(4 * 8 * 9 + 4 * 8 * 16 + 8, c.macsPerSample());
        assertEquals(32, c.stateSize());
    }
}
