package dev.convstream.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NAM's ConvNet, written by the test, against a naive conv stack written out below. */
class ConvNetTest {

    /**
     * The ConvNet straight from the file's weights, in double: per block
     * {@code y[o][t] = b[o] + sum_i W[o][i][0] x[i][t-d] + W[o][i][1] x[i][t]} (x = 0 before the
     * signal), then {@code (y - mean) / sqrt(var + eps) * gamma + beta} when batch normed, then
     * the activation; head {@code b + sum_o w[o] y[o][t]}. The signal is preceded by
     * {@code sum d} zeros, after which every block's output has reached its response to silence,
     * so the result is the output "after endless silence".
     */
    static float[] reference(float[] w, int channels, int[] dilations, boolean bn, String activation, boolean fast,
                             float[] signal) {
        int lead = Arrays.stream(dilations).sum();
        int n = lead + signal.length;
        double[][] x = new double[1][n];
        for (int t = 0; t < signal.length; t++) {
            x[0][lead + t] = signal[t];
        }
        int pos = 0;
        for (int d : dilations) {
            int cin = x.length;
            double[][] y = new double[channels][n];
            float[] wt = Arrays.copyOfRange(w, pos, pos += channels * cin * 2);
            float[] bias = bn ? new float[channels] : Arrays.copyOfRange(w, pos, pos += channels);
            for (int o = 0; o < channels; o++) {
                for (int t = 0; t < n; t++) {
                    double s = bias[o];
                    for (int i = 0; i < cin; i++) {
                        s += wt[(o * cin + i) * 2] * (t - d >= 0 ? x[i][t - d] : 0) + wt[(o * cin + i) * 2 + 1] * x[i][t];
                    }
                    y[o][t] = s;
                }
            }
            if (bn) {
                float[] mean = Arrays.copyOfRange(w, pos, pos += channels);
                float[] var = Arrays.copyOfRange(w, pos, pos += channels);
                float[] gamma = Arrays.copyOfRange(w, pos, pos += channels);
                float[] beta = Arrays.copyOfRange(w, pos, pos += channels);
                float eps = w[pos++];
                for (int o = 0; o < channels; o++) {
                    for (int t = 0; t < n; t++) {
                        y[o][t] = (y[o][t] - mean[o]) / Math.sqrt(var[o] + (double) eps) * gamma[o] + beta[o];
                    }
                }
            }
            for (double[] row : y) {
                for (int t = 0; t < n; t++) {
                    row[t] = act(activation, fast, row[t]);
                }
            }
            x = y;
        }
        float[] out = new float[signal.length];
        for (int t = 0; t < signal.length; t++) {
            double s = w[pos + channels];
            for (int o = 0; o < channels; o++) {
                s += w[pos + o] * x[o][lead + t];
            }
            out[t] = (float) s;
        }
        assertEquals(w.length, pos + channels + 1, "weights used");
        return out;
    }

    private static double act(String name, boolean fast, double v) {
        switch (name) {
            case "Tanh":
                return fast ? LstmTest.tanh((float) v, true) : Math.tanh(v);
            case "ReLU":
                return Math.max(0, v);
            case "Sigmoid":
                return 1 / (1 + Math.exp(-v));
            default:
                throw new IllegalArgumentException(name);
        }
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : dev.convstream.testing.KernelFamilies.list()) {
            cases.add(Arguments.of(k, 4, new int[] {1, 2, 4, 8}, true, "Tanh", false));
            cases.add(Arguments.of(k, 4, new int[] {1, 2, 4, 8}, true, "Tanh", true));
            cases.add(Arguments.of(k, 3, new int[] {3, 1, 5}, false, "ReLU", false));
            cases.add(Arguments.of(k, 16, new int[] {1, 16, 2, 64}, false, "Tanh", false));
            cases.add(Arguments.of(k, 5, new int[] {7}, true, "Sigmoid", true));
        }
        return cases;
    }

    /**
     * Tolerance 1e-5 of the output's peak: the model sums in float (the vector kernels in their
     * own order), and its tanh and sigmoid are within 2-3 float ulps; the reference is double.
     * Each block is a few dozen products of O(1) values, so float sums carry a few ulps of O(1).
     */
    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheNaiveConvStack(Kernels kernels, int channels, int[] dilations, boolean bn, String activation,
                                  boolean fast) throws IOException {
        NamFile f = NamDocuments.read(NamDocuments.convNet(channels, dilations, bn, activation, 21), fast);
        float[] x = TestData.tones(7, 3_000);
        StreamingModel m = f.newModel(kernels);
        m.prepare(64);
        float[] y = LstmTest.stream(m, x, 64);
        float[] ref = reference(f.weights(), channels, dilations, bn, activation, fast, x);
        double tol = 1e-5 * LstmTest.peak(ref);
        double diff = LstmTest.maxDifference(ref, y);
        assertTrue(diff <= tol, "max difference " + diff + " > " + tol);
        assertEquals(1 + Arrays.stream(dilations).sum(), m.receptiveField());
    }

    /** Silence in: the output is the constant response to silence from sample 0, not a start from zeros. */
    @Test
    void startsInTheSteadyStateOfSilence() throws IOException {
        NamFile f = NamDocuments.read(NamDocuments.convNet(4, new int[] {1, 2, 4}, true, "Tanh", 22), false);
        StreamingModel m = f.newModel(Kernels.scalar());
        m.prepare(8);
        float[] y = LstmTest.stream(m, new float[40], 8);
        float level = reference(f.weights(), 4, new int[] {1, 2, 4}, true, "Tanh", false, new float[1])[0];
        assertTrue(Math.abs(level) > 1e-3, "batch norm shifts and biases make silence's response non-zero");
        for (float v : y) {
            assertEquals(level, v, 1e-6);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void blockSizeDoesNotChangeTheOutput(Kernels kernels) throws IOException {
        NamFile f = NamDocuments.read(NamDocuments.convNet(6, new int[] {1, 2, 4, 8, 16}, true, "Tanh", 23), true);
        float[] x = TestData.tones(8, 9_000);
        StreamingModel m = f.newModel(kernels);
        m.prepare(4096);
        float[] offline = m.processOffline(x);
        float tol = kernels.name().equals("scalar") ? 0f : (float) (1e-6 * LstmTest.peak(offline));
        for (int block : new int[] {1, 64, 97, 4096}) {
            // The scalar kernels sum in one order whatever the block; the vector kernels may
            // round per block width (a few ulps).
            assertArrayEquals(offline, LstmTest.stream(m, x, block), tol, "blocks of " + block);
        }
    }

    @Test
    void parametersAndMacs() {
        ConvNetConfig c = new ConvNetConfig(4, new int[] {1, 2}, true, dev.convstream.activation.ActivationFunction.tanh(), 1);
        assertEquals(4 * 1 * 2 + 17 + 4 * 4 * 2 + 17 + 5, c.weightCount());
        assertEquals(4 * 2 + 4 + 4 * 4 * 2 + 4 + 4, c.macsPerSample());
        assertEquals(4, c.receptiveField());
    }
}
