package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first layer's dilated conv folded through its array's rechannel ({@link ConvFold}): the fold's
 * arithmetic, where {@code WaveNetStack} applies it, and that the models it applies to still give
 * the naive reference's output in any blocks.
 */
class WaveNetFoldTest {

    /**
     * The folded conv on u against the conv on P u, both in double from the same float weights:
     * they differ only by the folded weights' one rounding to float (relative 2^-24 each), so a
     * sum of at most 3 * 3 such terms of size ~1 stays within 1e-6 of the output's scale.
     */
    @Test
    void foldedConvOnTheInputIsTheConvOnThePointwiseOutput() {
        Random r = new Random(5);
        int[][] shapes = {{1, 16, 16, 3, 1}, {2, 6, 6, 3, 2}, {3, 8, 4, 2, 2}, {1, 4, 8, 1, 4}, {2, 9, 3, 3, 3}};
        for (int[] s : shapes) {
            int rin = s[0], in = s[1], out = s[2], k = s[3], groups = s[4];
            int gi = in / groups, go = out / groups, d = 2, frames = 40;
            float[] w = random(r, out * gi * k);
            float[] p = random(r, in * rin);
            double[][] u = new double[rin][frames];
            for (double[] row : u) {
                for (int t = 0; t < frames; t++) {
                    row[t] = r.nextGaussian();
                }
            }
            double[][] pu = new double[in][frames];
            for (int c = 0; c < in; c++) {
                for (int t = 0; t < frames; t++) {
                    for (int i = 0; i < rin; i++) {
                        pu[c][t] += (double) p[c * rin + i] * u[i][t];
                    }
                }
            }
            float[] folded = new float[out * rin * k];
            ConvFold.fold(w, 0, out, in, groups, k, p, 0, rin, folded, 0);
            String what = rin + " -> " + in + " then " + in + " -> " + out + " k" + k + " in " + groups + " groups";
            for (int o = 0; o < out; o++) {
                int c0 = (o / go) * gi;
                for (int t = (k - 1) * d; t < frames; t++) {
                    double direct = 0;
                    double viaFold = 0;
                    for (int tap = 0; tap < k; tap++) {
                        int at = t - (k - 1 - tap) * d;
                        for (int c = 0; c < gi; c++) {
                            direct += (double) w[(o * gi + c) * k + tap] * pu[c0 + c][at];
                        }
                        for (int i = 0; i < rin; i++) {
                            viaFold += (double) folded[(o * rin + i) * k + tap] * u[i][at];
                        }
                    }
                    assertEquals(direct, viaFold, 1e-6 * (1 + Math.abs(direct)), what + ", output " + o + " frame " + t);
                }
            }
        }
    }

    @Test
    void foldsWhereTheRechannelHasFewerInputsThanAGroupSees() {
        assertEquals(1, prepared(WaveNetConfig.a1Standard()).foldedLayers(),
                "A1 standard: the mono input's array folds, the second (16 -> 8 channels) does not");
        assertEquals(0, prepared(NamDocuments.everyField(ActivationFunction.tanh())).foldedLayers(),
                "a FiLM on the conv's input (conv_pre) acts between the rechannel and the conv: no fold");
        assertEquals(1, prepared(withoutConvPre()).foldedLayers(),
                "1 input, 4 channels in 2 groups: folds");
        assertEquals(0, prepared(twoInputs(4, 2, false)).foldedLayers(),
                "2 inputs, 2 channels per group: no fewer multiplies");
        assertEquals(1, prepared(twoInputs(6, 1, false)).foldedLayers(), "2 inputs, 6 channels: folds");
    }

    /**
     * Models whose first layer folds, against the naive double WaveNet (which runs the rechannel
     * and the conv as written): 1e-5 of the peak, as every WaveNet test ({@link WaveNetTest#assertClose}).
     * Two input channels into grouped and gated convs, A1 standard, and {@link #withoutConvPre()}
     * for the FiLMs around a folded conv (its output hardly depends on that conv: zeroing the
     * folded weights moves it by 1e-6 of its peak, so the first two carry the fold's check), in
     * blocks of 1, 7, 64, 511 and mixed.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void foldedModelsGiveTheNaiveReferenceInAnyBlocks(Kernels kernels) {
        WaveNetConfig a1Fast = WaveNetConfig.a1Standard().mapActivations(NamActivations::withFastTanh);
        for (WaveNetConfig config : List.of(twoInputs(6, 1, false), twoInputs(8, 2, true), a1Fast, withoutConvPre())) {
            float[] w = NamDocuments.weights(config, new Random(17));
            if (config == a1Fast) {
                for (int i = 0; i < w.length; i++) {
                    w[i] *= 0.6f; // as WaveNetFusedLayerTest: tanh inputs of order 1, not saturated
                }
            }
            WaveNet model = new WaveNet(config, w, kernels);
            model.prepare(511);
            assertEquals(1, model.foldedLayers());
            int channels = config.inChannels();
            int frames = 3000;
            float[][] x = new float[channels][];
            for (int c = 0; c < channels; c++) {
                x[c] = TestData.tones(11 + c, frames);
            }
            double[][] padded = new double[channels][];
            int rf = config.receptiveField();
            for (int c = 0; c < channels; c++) {
                padded[c] = new double[rf + frames];
                for (int t = 0; t < frames; t++) {
                    padded[c][rf + t] = x[c][t];
                }
            }
            double[] full = NaiveWaveNet.run(config, w, padded)[0];
            double[] expected = java.util.Arrays.copyOfRange(full, rf, full.length);
            for (int[] blocks : new int[][] {{1}, {7}, {64}, {511}, {1, 7, 64, 511, 3, 100}}) {
                LayerArrayConfig first = config.layerArrays().get(0);
                String what = kernels.name() + " " + first.channels() + " channels in " + first.groupsInput()
                        + " groups, blocks "
                        + java.util.Arrays.toString(blocks);
                WaveNetTest.assertClose(expected, stream(model, x, blocks), what);
            }
        }
    }

    private static WaveNet prepared(WaveNetConfig config) {
        WaveNet model = new WaveNet(config, NamDocuments.weights(config, new Random(3)), Kernels.scalar());
        model.prepare(64);
        return model;
    }

    /** {@link NamDocuments#everyField} without its conv_pre FiLM: 1 input, 4 channels, grouped and gated layers. */
    private static WaveNetConfig withoutConvPre() {
        WaveNetConfig base = NamDocuments.everyField(ActivationFunction.tanh());
        List<LayerArrayConfig> arrays = new ArrayList<>(base.layerArrays());
        LayerArrayConfig a = arrays.get(0);
        Map<FilmSite, FilmConfig> films = new EnumMap<>(FilmSite.class);
        films.putAll(a.films());
        films.remove(FilmSite.CONV_PRE);
        arrays.set(0, new LayerArrayConfig(a.inputSize(), a.conditionSize(), a.channels(), a.bottleneck(), a.layers(),
                a.layer1x1(), a.head1x1(), a.groupsInput(), a.groupsInputMixin(), films, a.head(), List.of()));
        return new WaveNetConfig(base.inChannels(), arrays, base.head(), base.headScale(), base.conditionDsp());
    }

    /**
     * Two input channels into an A1-style array of {@code channels} channels whose convs have
     * {@code groups} groups, its first layer gated by a sigmoid or not.
     */
    private static WaveNetConfig twoInputs(int channels, int groups, boolean gated) {
        List<LayerConfig> layers = List.of(gated
                        ? new LayerConfig(3, 1, ActivationFunction.tanh(), GatingMode.GATED, ActivationFunction.sigmoid())
                        : new LayerConfig(3, 1, ActivationFunction.tanh(), GatingMode.NONE, null),
                new LayerConfig(3, 2, ActivationFunction.tanh(), GatingMode.NONE, null),
                new LayerConfig(2, 4, ActivationFunction.tanh(), GatingMode.NONE, null));
        LayerArrayConfig a = new LayerArrayConfig(2, 2, channels, channels, layers, new LayerArrayConfig.Layer1x1(1),
                null, groups, 1, Map.of(), new LayerArrayConfig.ArrayHead(1, 1, true, 1), List.of());
        return new WaveNetConfig(2, List.of(a), null, 0.5f, null);
    }

    private static float[] stream(StreamingModel model, float[][] x, int[] blocks) {
        int frames = x[0].length;
        float[][] y = new float[1][frames];
        model.reset();
        for (int t = 0, b = 0; t < frames; b++) {
            int n = Math.min(blocks[b % blocks.length], frames - t);
            model.process(x, t, y, t, n);
            t += n;
        }
        return y[0];
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }
}
