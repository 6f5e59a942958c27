package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamFormatException;
import dev.convstream.testing.NamDocuments;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-channel LSTM, ConvNet (grouped) and Linear models, and each as a WaveNet's condition DSP,
 * against naive implementations written out below from docs/nam-lstm-convnet.md (double
 * precision, whole signals, shares no code with the models). Tolerance: 1e-4 of the peak; the
 * models compute in float32 over at most a few dozen terms per sum (relative error ~1e-6 per
 * step), while a wrong weight order, gate order, group split or path gives errors of order 1.
 */
class NamChannelModelsTest {

    private static final int[] BLOCKS = {1, 64, 97, 4096};
    private static final int LENGTH = 5000;
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- naive references

    /** NAM's LSTM: from h0/c0, {@code prewarm} zero frames, then {@code x [in][len]}; output {@code [out][len]}. */
    static double[][] naiveLstm(float[] w, int in, int hidden, int layers, int outs, int prewarm, double[][] x) {
        int pos = 0;
        float[][] wl = new float[layers][];
        float[][] bl = new float[layers][];
        double[][] h = new double[layers][hidden];
        double[][] c = new double[layers][hidden];
        for (int l = 0; l < layers; l++) {
            int cols = (l == 0 ? in : hidden) + hidden;
            wl[l] = Arrays.copyOfRange(w, pos, pos += 4 * hidden * cols);
            bl[l] = Arrays.copyOfRange(w, pos, pos += 4 * hidden);
            for (int k = 0; k < hidden; k++) {
                h[l][k] = w[pos + k];
                c[l][k] = w[pos + hidden + k];
            }
            pos += 2 * hidden;
        }
        int headAt = pos;
        int biasAt = pos + outs * hidden;
        if (biasAt + outs != w.length) {
            throw new AssertionError("LSTM weights: used " + (biasAt + outs) + " of " + w.length);
        }
        int len = x[0].length;
        double[][] y = new double[outs][len];
        for (int t = -prewarm; t < len; t++) {
            double[] v = new double[in];
            for (int i = 0; i < in; i++) {
                v[i] = t < 0 ? 0 : x[i][t];
            }
            for (int l = 0; l < layers; l++) {
                double[] xh = new double[v.length + hidden];
                System.arraycopy(v, 0, xh, 0, v.length);
                System.arraycopy(h[l], 0, xh, v.length, hidden);
                double[] g = new double[4 * hidden];
                for (int row = 0; row < 4 * hidden; row++) {
                    double s = bl[l][row];
                    for (int j = 0; j < xh.length; j++) {
                        s += wl[l][row * xh.length + j] * xh[j];
                    }
                    g[row] = s;
                }
                for (int k = 0; k < hidden; k++) {
                    c[l][k] = sigmoid(g[hidden + k]) * c[l][k] + sigmoid(g[k]) * Math.tanh(g[2 * hidden + k]);
                    h[l][k] = sigmoid(g[3 * hidden + k]) * Math.tanh(c[l][k]);
                }
                v = h[l];
            }
            if (t >= 0) {
                for (int o = 0; o < outs; o++) {
                    double s = w[biasAt + o];
                    for (int k = 0; k < hidden; k++) {
                        s += w[headAt + o * hidden + k] * v[k];
                    }
                    y[o][t] = s;
                }
            }
        }
        return y;
    }

    /** NAM's ConvNet with tanh, zero history before frame 0 (callers prepend silence for the steady state). */
    static double[][] naiveConvNet(float[] w, int in, int ch, int[] dilations, int groups, boolean bn, int outs,
                                   double[][] x) {
        int pos = 0;
        int len = x[0].length;
        double[][] v = x;
        for (int b = 0; b < dilations.length; b++) {
            int cin = b == 0 ? in : ch;
            int gi = cin / groups;
            int go = ch / groups;
            int wAt = pos;
            pos += ch * gi * 2;
            double[][] y = new double[ch][len];
            for (int o = 0; o < ch; o++) {
                int g = o / go;
                for (int t = 0; t < len; t++) {
                    double s = 0;
                    for (int i = 0; i < gi; i++) {
                        double[] row = v[g * gi + i];
                        double past = t - dilations[b] >= 0 ? row[t - dilations[b]] : 0;
                        s += w[wAt + (o * gi + i) * 2] * past + w[wAt + (o * gi + i) * 2 + 1] * row[t];
                    }
                    y[o][t] = s;
                }
            }
            if (!bn) {
                for (int o = 0; o < ch; o++) {
                    for (int t = 0; t < len; t++) {
                        y[o][t] += w[pos + o];
                    }
                }
                pos += ch;
            } else {
                int mean = pos;
                int var = pos + ch;
                int gamma = pos + 2 * ch;
                int beta = pos + 3 * ch;
                double eps = w[pos + 4 * ch];
                pos += 4 * ch + 1;
                for (int o = 0; o < ch; o++) {
                    for (int t = 0; t < len; t++) {
                        y[o][t] = (y[o][t] - w[mean + o]) / Math.sqrt(eps + w[var + o]) * w[gamma + o] + w[beta + o];
                    }
                }
            }
            for (double[] row : y) {
                for (int t = 0; t < len; t++) {
                    row[t] = Math.tanh(row[t]);
                }
            }
            v = y;
        }
        double[][] out = new double[outs][len];
        for (int o = 0; o < outs; o++) {
            for (int t = 0; t < len; t++) {
                double s = w[pos + outs * ch + o];
                for (int c = 0; c < ch; c++) {
                    s += w[pos + o * ch + c] * v[c][t];
                }
                out[o][t] = s;
            }
        }
        if (pos + outs * ch + outs != w.length) {
            throw new AssertionError("ConvNet weights: used " + (pos + outs * ch + outs) + " of " + w.length);
        }
        return out;
    }

    /** NAM's Linear: {@code perPath} one response per path (in or out 1), else one response on min(in, out) channels. */
    static double[][] naiveLinear(float[] w, int rf, boolean bias, int in, int outs, boolean perPath, double[][] x) {
        int len = x[0].length;
        double[][] y = new double[outs][len];
        int paths = perPath ? Math.max(in, outs) : Math.min(in, outs);
        int responses = perPath ? paths : 1;
        for (int p = 0; p < paths; p++) {
            int ic = perPath && in == 1 ? 0 : p;
            int oc = perPath && outs == 1 ? 0 : p;
            int at = (perPath ? p : 0) * rf;
            for (int t = 0; t < len; t++) {
                double s = 0;
                for (int k = 0; k < rf && k <= t; k++) {
                    s += w[at + k] * x[ic][t - k];
                }
                y[oc][t] += s;
            }
        }
        if (bias) {
            for (int o = 0; o < outs; o++) {
                if (perPath || o < paths) {
                    double b = w[rf * responses + (perPath ? o : 0)];
                    for (int t = 0; t < len; t++) {
                        y[o][t] += b;
                    }
                }
            }
        }
        return y;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    // ---------------------------------------------------------------- helpers

    static float[] random(long n, long seed, float scale) {
        Random r = new Random(seed);
        float[] w = new float[(int) n];
        for (int i = 0; i < w.length; i++) {
            w[i] = (r.nextFloat() - 0.5f) * scale;
        }
        return w;
    }

    static double[][] signal(int channels, int len, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[channels][len];
        for (double[] row : x) {
            for (int t = 0; t < len; t++) {
                row[t] = (float) (0.8 * Math.sin(0.003 * t * (1 + r.nextInt(3))) + 0.2 * (r.nextFloat() - 0.5f));
            }
        }
        return x;
    }

    static double[][] pad(double[][] x, int zeros) {
        double[][] y = new double[x.length][x[0].length + zeros];
        for (int c = 0; c < x.length; c++) {
            System.arraycopy(x[c], 0, y[c], zeros, x[c].length);
        }
        return y;
    }

    /** The model run over {@code x} in blocks of {@code block} from a fresh prepare, {@code [out][len]}. */
    private static float[][] stream(ChannelModel m, double[][] x, int block) {
        int len = x[0].length;
        m.prepare(block);
        float[] in = new float[m.inChannels() * block];
        float[][] y = new float[m.outChannels()][len];
        for (int t = 0; t < len; t += block) {
            int n = Math.min(block, len - t);
            for (int c = 0; c < m.inChannels(); c++) {
                for (int j = 0; j < n; j++) {
                    in[c * n + j] = (float) x[c][t + j];
                }
            }
            float[] out = m.compute(in, 0, n, n, false);
            for (int o = 0; o < m.outChannels(); o++) {
                System.arraycopy(out, o * n, y[o], t, n);
            }
        }
        return y;
    }

    /** Identical output in every block size, within the tolerance of the naive reference. */
    private static void checkStreams(ChannelModel m, double[][] x, double[][] expected) {
        float[][] first = null;
        for (int block : BLOCKS) {
            float[][] y = stream(m, x, block);
            if (first == null) {
                first = y;
                assertClose(expected, y);
            } else {
                for (int o = 0; o < y.length; o++) {
                    assertArrayEquals(first[o], y[o], "output " + o + " in blocks of " + block);
                }
            }
        }
        m.reset();
    }

    static void assertClose(double[][] expected, float[][] actual) {
        for (int o = 0; o < expected.length; o++) {
            double peak = 0;
            double err = 0;
            for (int t = 0; t < expected[o].length; t++) {
                peak = Math.max(peak, Math.abs(expected[o][t]));
                err = Math.max(err, Math.abs(expected[o][t] - actual[o][t]));
            }
            if (peak == 0) {
                // the shared layout's outputs beyond min(in, out): zero by definition
                assertArrayEquals(new float[actual[o].length], actual[o], "output " + o + " stays silent");
                continue;
            }
            assertTrue(peak > 1e-3, "output " + o + " is not silent");
            assertTrue(err <= 1e-4 * peak, "output " + o + ": max error " + err + " for peak " + peak);
        }
    }

    // ---------------------------------------------------------------- the models

    @Test
    void lstmWithSeveralInputsAndOutputsMatchesTheNaiveCell() {
        LstmConfig c = new LstmConfig(3, 5, 2, 2, 300);
        float[] w = random(c.weightCount(), 11, 1.2f);
        double[][] x = signal(3, LENGTH, 1);
        checkStreams(new Lstm(c, w, false, Kernels.preferred()), x, naiveLstm(w, 3, 5, 2, 2, 300, x));
    }

    @Test
    void groupedConvNetWithSeveralInputsAndOutputsMatchesTheNaiveStack() {
        for (boolean bn : new boolean[] {false, true}) {
            ConvNetConfig c = new ConvNetConfig(6, new int[] {1, 3, 7}, bn, ActivationFunction.tanh(), 2, 4, 3);
            float[] w = random(c.weightCount(), bn ? 13 : 12, 1f);
            if (bn) {
                fixVariances(c, w);
            }
            double[][] x = signal(4, LENGTH, 2);
            // prepended silence longer than the receptive field: the naive stack starts in the steady state
            double[][] expected = naiveConvNet(w, 4, 6, new int[] {1, 3, 7}, 2, bn, 3, pad(x, 64));
            checkStreams(new ConvNet(c, w, Kernels.preferred()), x, cut(expected, 64));
        }
    }

    /** Running variances must be positive: the batch norm's var weights made so. */
    private static void fixVariances(ConvNetConfig c, float[] w) {
        int pos = 0;
        for (int b = 0; b < c.blockCount(); b++) {
            pos += c.channels() * (c.blockInputs(b) / c.groups()) * 2;
            for (int o = 0; o < c.channels(); o++) {
                w[pos + c.channels() + o] = Math.abs(w[pos + c.channels() + o]) + 0.1f;
            }
            w[pos + 4 * c.channels()] = 1e-5f;
            pos += 4 * c.channels() + 1;
        }
    }

    static double[][] cut(double[][] y, int from) {
        double[][] out = new double[y.length][];
        for (int o = 0; o < y.length; o++) {
            out[o] = Arrays.copyOfRange(y[o], from, y[o].length);
        }
        return out;
    }

    @Test
    void linearOfUnequalChannelCountsMatchesTheNaiveFirInBothLayouts() {
        int[][] shapes = {{1, 3}, {3, 1}, {2, 3}, {3, 2}};
        for (int[] s : shapes) {
            for (LinearConfig.Layout layout : LinearConfig.Layout.values()) {
                if (layout == LinearConfig.Layout.PER_PATH && s[0] != 1 && s[1] != 1) {
                    continue;
                }
                LinearConfig c = new LinearConfig(37, true, s[0], s[1], layout);
                float[] w = random(c.weightCount(), 17 + s[0] * 7 + s[1], 0.5f);
                double[][] x = signal(s[0], LENGTH, 3);
                checkStreams(new LinearStack(c, w, Kernels.preferred()), x,
                        naiveLinear(w, 37, true, s[0], s[1], c.perPath(), x));
            }
        }
    }

    // ---------------------------------------------------------------- as condition DSPs

    /** A WaveNet whose arrays read a two-row condition. */
    private static WaveNetConfig parent(ChannelModelConfig dsp, float[] dspWeights) {
        LayerArrayConfig a = new LayerArrayConfig(1, 2, 1, 3, 3, new int[] {1, 2, 4}, ActivationFunction.tanh(), true,
                true);
        return new WaveNetConfig(1, List.of(a), null, 0.5f, new WaveNetConfig.ConditionDsp(dsp, dspWeights));
    }

    private static float[][] streamMono(StreamingModel m, double[] x, int block) {
        m.prepare(block);
        float[] in = new float[x.length];
        for (int t = 0; t < x.length; t++) {
            in[t] = (float) x[t];
        }
        float[] y = new float[x.length];
        for (int t = 0; t < x.length; t += block) {
            m.process(in, t, y, t, Math.min(block, x.length - t));
        }
        return new float[][] {y};
    }

    private static void checkWaveNet(WaveNetConfig config, float[] w, double[][] x, double[][] expected) {
        StreamingModel m = new WaveNet(config, w, Kernels.preferred());
        float[][] first = null;
        for (int block : BLOCKS) {
            float[][] y = streamMono(m, x[0], block);
            if (first == null) {
                first = y;
                assertClose(expected, y);
            } else {
                assertArrayEquals(first[0], y[0], "blocks of " + block);
            }
        }
    }

    @Test
    void lstmConditionDspPrewarmsAsNamCoreAndMatchesTheNaiveModels() {
        LstmConfig lstm = new LstmConfig(1, 4, 1, 2, 2400);
        // random h0/c0 far from the zero-input fixed point, so that the prewarm length matters
        float[] lw = random(lstm.weightCount(), 21, 2f);
        WaveNetConfig config = parent(lstm, lw);
        float[] w = random(config.weightCount(), 22, 1f);
        double[][] x = signal(1, LENGTH, 4);
        checkWaveNet(config, w, x, withLstmCondition(config, w, x));
    }

    /**
     * NAM core's prewarm for a WaveNet with an LSTM condition: P = the LSTM's half second plus
     * the WaveNet's histories, zeros through the whole model from h0/c0 and zero histories.
     */
    private static double[][] withLstmCondition(WaveNetConfig config, float[] w, double[][] x) {
        LstmConfig lstm = (LstmConfig) config.conditionDsp().model();
        int histories = config.receptiveField() - lstm.prewarmSamples();
        double[][] padded = pad(x, histories);
        double[][] cond = naiveLstm(config.conditionDsp().weights(), lstm.inputSize(), lstm.hiddenSize(),
                lstm.numLayers(), lstm.outChannels(), lstm.prewarmSamples(), padded);
        return cut(NaiveWaveNet.run(config, w, padded, cond), histories);
    }

    @Test
    void convNetConditionDspMatchesTheNaiveModels() {
        ConvNetConfig net = new ConvNetConfig(4, new int[] {1, 2}, false, ActivationFunction.tanh(), 1, 1, 2);
        float[] nw = random(net.weightCount(), 31, 1f);
        WaveNetConfig config = parent(net, nw);
        float[] w = random(config.weightCount(), 32, 1f);
        double[][] x = pad(signal(1, LENGTH, 5), 0);
        double[][] padded = pad(x, 64);
        double[][] cond = naiveConvNet(nw, 1, 4, new int[] {1, 2}, 1, false, 2, padded);
        checkWaveNet(config, w, x, cut(NaiveWaveNet.run(config, w, padded, cond), 64));
    }

    @Test
    void linearConditionDspFansOutToTheConditionRows() {
        LinearConfig fir = new LinearConfig(9, true, 1, 2, LinearConfig.Layout.PER_PATH);
        float[] fw = random(fir.weightCount(), 41, 1f);
        WaveNetConfig config = parent(fir, fw);
        float[] w = random(config.weightCount(), 42, 1f);
        double[][] x = signal(1, LENGTH, 6);
        double[][] padded = pad(x, 64);
        double[][] cond = naiveLinear(fw, 9, true, 1, 2, true, padded);
        checkWaveNet(config, w, x, cut(NaiveWaveNet.run(config, w, padded, cond), 64));
    }

    // ---------------------------------------------------------------- files

    private static ObjectNode doc(String architecture, ObjectNode config, float[] weights) {
        ObjectNode d = JSON.createObjectNode();
        d.put("version", "0.7.0");
        d.put("architecture", architecture);
        d.set("config", config);
        ArrayNode a = d.putArray("weights");
        for (float v : weights) {
            a.add(v);
        }
        d.put("sample_rate", 48000);
        return d;
    }

    private static ObjectNode withCondition(ObjectNode dsp) {
        return NamDocuments.withConditionDsp(dsp, 2, 6);
    }

    @Test
    void aFileWithAnLstmConditionDspLoadsAndRuns() throws Exception {
        LstmConfig expected = new LstmConfig(1, 3, 1, 2, 24_000);
        NamFile f = NamDocuments.read(withCondition(NamDocuments.lstm(3, 1, 2, 0, 5)), false);
        assertTrue(f.wavenet().conditionDsp().model().equals(expected), f.wavenet().conditionDsp().toString());
        double[][] x = signal(1, 2000, 7);
        float[] in = new float[x[0].length];
        for (int t = 0; t < in.length; t++) {
            in[t] = (float) x[0][t];
        }
        assertClose(withLstmCondition(f.wavenet(), f.weights(), x), new float[][] {f.newModel().processOffline(in)});
        NamFile fast = NamDocuments.read(withCondition(NamDocuments.lstm(3, 1, 2, 0, 5)), true);
        assertTrue(((LstmConfig) fast.wavenet().conditionDsp().model()).fastTanh(), "fast tanh reaches the LSTM");
    }

    @Test
    void wrongWeightCountsOfEachNewKindAreOneLineNamingFileAndField() {
        // LSTM condition DSP: 2 outputs of 3 units need 4*3*(1+3) + 6*3 + 2*3 + 2 = 74
        assertBad(withCondition(NamDocuments.lstm(3, 1, 2, -1, 5)), "config.condition_dsp", "expected 74 weights, found 73");
        ObjectNode conv = JSON.createObjectNode().put("channels", 4).put("batchnorm", false).put("activation", "Tanh")
                .put("groups", 2).put("in_channels", 2).put("out_channels", 2);
        conv.putArray("dilations").add(1).add(2);
        ConvNetConfig convConfig = new ConvNetConfig(4, new int[] {1, 2}, false, ActivationFunction.tanh(), 2, 2, 2);
        assertBad(withCondition(doc("ConvNet", conv, new float[(int) convConfig.weightCount() + 1])),
                "config.condition_dsp", "expected " + convConfig.weightCount() + " weights, found "
                        + (convConfig.weightCount() + 1));
        ObjectNode lin = JSON.createObjectNode().put("receptive_field", 5).put("bias", true).put("in_channels", 1)
                .put("out_channels", 2);
        assertBad(withCondition(doc("Linear", lin, new float[7])), "config.condition_dsp",
                "expected 6 weights (one response shared by min(in_channels, out_channels) channels) or 12");
    }

    @Test
    void aContainerSubmodelOfSeveralChannelsIsRefusedNamingTheField() {
        assertBad(NamDocuments.container(NamDocuments.lstm(3, 1, 2, 0, 5)), "config.submodels[0].model",
                "config.out_channels = 2", "submodel must be mono in and out");
        ObjectNode lin = JSON.createObjectNode().put("receptive_field", 5).put("bias", false).put("in_channels", 2)
                .put("out_channels", 1);
        assertBad(NamDocuments.container(doc("Linear", lin, new float[5])), "config.in_channels = 2",
                "submodel must be mono in and out");
    }

    @Test
    void linearLayoutFollowsTheWeightCount() throws Exception {
        ObjectNode lin = JSON.createObjectNode().put("receptive_field", 5).put("bias", true).put("in_channels", 1)
                .put("out_channels", 2);
        NamFile shared = NamDocuments.read(withCondition(doc("Linear", lin, random(6, 1, 1f))), false);
        assertTrue(((LinearConfig) shared.wavenet().conditionDsp().model()).layout() == LinearConfig.Layout.SHARED);
        NamFile perPath = NamDocuments.read(withCondition(doc("Linear", lin.deepCopy(), random(12, 1, 1f))), false);
        assertTrue(((LinearConfig) perPath.wavenet().conditionDsp().model()).perPath());
    }

    private static void assertBad(ObjectNode document, String... parts) {
        NamFormatException e = assertThrows(NamFormatException.class, () -> NamDocuments.read(document, false));
        String m = e.getMessage();
        assertTrue(m.startsWith("test.nam"), m);
        assertTrue(!m.contains("\n"), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' in: " + m);
        }
    }
}
