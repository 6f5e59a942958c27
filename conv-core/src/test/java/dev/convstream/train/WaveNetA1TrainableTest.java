package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.testing.GradientChecks;
import dev.convstream.testing.KernelFamilies;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WaveNetA1Trainable}: its forward against {@link ReferenceA1} (double) and against
 * convstream's inference {@link WaveNet}; its backward against central finite differences of
 * the double reference.
 *
 * <p>Tolerances. The float forward of these small networks stays within 1e-5 of the double
 * reference relative to the output's norm (a few hundred roundings of 2^-24 through
 * contractive tanh layers). Gradient checks use step 1e-4 in double (truncation ~1e-8
 * relative, roundoff ~1e-12); the analytic gradient is computed in float, its relative 2-norm
 * error bound is 1e-4 (float sums over up to ~4,000 frames in the weight gradients, and
 * tanh derivatives taken from float outputs).
 */
class WaveNetA1TrainableTest {
    private static final double FORWARD_BOUND = 1e-5;
    private static final double GRADIENT_BOUND = 1e-4;
    private static final double STEP = 1e-4;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void gradientsOfRandomSmallA1NetworksMatchCentralDifferences(Kernels kernels) {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 12; trial++) {
            WaveNetConfig config = randomConfig(rnd);
            WaveNetA1Trainable model = randomModel(config, rnd, kernels);
            int length = model.receptiveField() + 1 + 2 * rnd.nextInt(20);
            checkAllGradients(model, length, rnd, "trial " + trial + " " + describe(config) + " L=" + length);
        }
    }

    @Test
    void gradientsOfNanoMatchCentralDifferences() {
        WaveNetA1Trainable model = (WaveNetA1Trainable) A1Architecture.NANO.newModel(3);
        Random rnd = new Random(8);
        int length = model.receptiveField() + 9;
        float[] x = signal(rnd, length);
        float[] r = signal(rnd, length - model.receptiveField() + 1);
        float[] grad = analytic(model, x, r);
        double[] p = toDouble(model.parameters());
        double[] xd = toDouble(x);
        // the first 30 parameters (rechannel, first layer), the last 30 (last layer, head), 60 at random
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            picked.add(i);
            picked.add(p.length - 2 - i);
        }
        for (int i = 0; i < 60; i++) {
            picked.add(rnd.nextInt(p.length - 1));
        }
        double[] expected = new double[picked.size()];
        double[] actual = new double[picked.size()];
        for (int i = 0; i < picked.size(); i++) {
            int j = picked.get(i);
            expected[i] = numeric(model.config(), p, xd, r, j);
            actual[i] = grad[j];
        }
        assertClose(expected, actual, GRADIENT_BOUND, "nano, " + picked.size() + " parameters");
        assertEquals(0f, grad[p.length - 1], "the head scale is a constant: no gradient");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void forwardMatchesTheDoubleReference(Kernels kernels) {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 6; trial++) {
            WaveNetConfig config = randomConfig(rnd);
            WaveNetA1Trainable model = randomModel(config, rnd, kernels);
            int length = model.receptiveField() + 50;
            float[] x = signal(rnd, length + 5);
            float[] y = new float[51];
            model.forward(model.workspace(length), x, 5, length, y);
            double[] ref = ReferenceA1.forward(config, toDouble(model.parameters()),
                    toDouble(java.util.Arrays.copyOfRange(x, 5, 5 + length)));
            assertClose(ref, toDouble(y), FORWARD_BOUND, describe(config));
        }
    }

    /**
     * With the scalar kernels a trained network's forward is bit for bit what inference streams
     * once its receptive field is filled: the same kernel, the same order of operations.
     */
    @Test
    void forwardIsBitIdenticalToInferenceOnScalarKernels() {
        for (A1Architecture arch : A1Architecture.values()) {
            WaveNetA1Trainable trained = new WaveNetA1Trainable(arch.config(),
                    ((WaveNetA1Trainable) arch.newModel(arch.ordinal())).parameters(), Kernels.scalar());
            float[] x = signal(new Random(arch.ordinal()), trained.receptiveField() + 3000);
            float[] prediction = new float[3001];
            trained.forward(trained.workspace(x.length), x, 0, x.length, prediction);
            float[] streamed = new WaveNet(arch.config(), trained.parameters(), Kernels.scalar()).processOffline(x);
            int rf = trained.receptiveField();
            for (int t = 0; t < prediction.length; t++) {
                assertEquals(Float.floatToIntBits(streamed[rf - 1 + t]), Float.floatToIntBits(prediction[t]),
                        arch + ": sample " + t + ": streamed " + streamed[rf - 1 + t] + ", trained " + prediction[t]);
            }
        }
    }

    /**
     * On the vector kernels the streaming conv may round a frame differently by where it falls in
     * a block (vector body or scalar tail), so forward and streamed output agree to float
     * rounding: bound 1e-5 of the output's peak (measured: well below; see the message).
     */
    @Test
    void forwardMatchesInferenceOnVectorKernels() {
        Kernels kernels = KernelFamilies.vector();
        A1Architecture arch = A1Architecture.STANDARD;
        WaveNetA1Trainable trained = new WaveNetA1Trainable(arch.config(),
                ((WaveNetA1Trainable) arch.newModel(1)).parameters(), kernels);
        float[] x = signal(new Random(2), trained.receptiveField() + 5000);
        float[] prediction = new float[5001];
        trained.forward(trained.workspace(x.length), x, 0, x.length, prediction);
        float[] streamed = new WaveNet(arch.config(), trained.parameters(), kernels).processOffline(x);
        double peak = 0;
        double diff = 0;
        for (int t = 0; t < prediction.length; t++) {
            peak = Math.max(peak, Math.abs(prediction[t]));
            diff = Math.max(diff, Math.abs(prediction[t] - streamed[trained.receptiveField() - 1 + t]));
        }
        assertTrue(diff <= 1e-5 * peak, "max difference " + diff + " > 1e-5 of peak " + peak);
    }

    /** After the first pass (scratch grows to the shapes in use) a step allocates nothing: workspaces are reused. */
    @Test
    @Tag("allocation")
    void forwardAndBackwardAllocateNothingOnceWarm() {
        WaveNetA1Trainable model = new WaveNetA1Trainable(A1Architecture.NANO.config(),
                A1Architecture.NANO.newModel(1).parameters(), Kernels.scalar());
        float[] x = signal(new Random(1), model.receptiveField() + 300);
        TrainableModel.Workspace ws = model.workspace(x.length);
        float[] y = new float[301];
        float[] g = new float[model.parameterCount()];
        Runnable step = () -> {
            model.forward(ws, x, 0, x.length, y);
            model.backward(ws, y, g);
        };
        long bytes = new dev.convstream.testing.AllocationMeter().allocatedOnceWarm(step, step, 5);
        assertEquals(0, bytes, "bytes allocated by a warm forward + backward");
    }

    /** On the Vector API kernels too, once C2 has compiled the passes (vectors box before that). */
    @Test
    @Tag("allocation")
    void forwardAndBackwardAllocateNothingOnceCompiledOnVectorKernels() {
        WaveNetA1Trainable model = new WaveNetA1Trainable(A1Architecture.FEATHER.config(),
                A1Architecture.FEATHER.newModel(1).parameters(), KernelFamilies.vector());
        float[] x = signal(new Random(1), model.receptiveField() + 300);
        TrainableModel.Workspace ws = model.workspace(x.length);
        float[] y = new float[301];
        float[] g = new float[model.parameterCount()];
        long bytes = new dev.convstream.testing.AllocationMeter().allocatedOnceCompiled(() -> {
            model.forward(ws, x, 0, x.length, y);
            model.backward(ws, y, g);
        }, 60_000_000_000L);
        assertEquals(0, bytes, "bytes allocated by a compiled forward + backward");
    }

    @Test
    void newModelIsDeterministicAndPyTorchScaled() {
        WaveNetA1Trainable a = (WaveNetA1Trainable) A1Architecture.STANDARD.newModel(42);
        WaveNetA1Trainable b = (WaveNetA1Trainable) A1Architecture.STANDARD.newModel(42);
        WaveNetA1Trainable c = (WaveNetA1Trainable) A1Architecture.STANDARD.newModel(43);
        assertTrue(java.util.Arrays.equals(a.parameters(), b.parameters()), "same seed, same parameters");
        assertTrue(!java.util.Arrays.equals(a.parameters(), c.parameters()), "another seed, other parameters");
        assertEquals(13_802, a.parameterCount(), "A1 standard has 13,802 weights");
        assertEquals(0.02f, a.parameters()[a.parameterCount() - 1], "head scale last");
        // the first layer's dilated conv: fan_in 16 * 3 = 48, bound 1/sqrt(48)
        float bound = (float) (1 / Math.sqrt(48));
        float max = 0;
        for (int i = 16; i < 16 + 768; i++) {
            max = Math.max(max, Math.abs(a.parameters()[i]));
        }
        assertTrue(max <= bound && max > 0.9f * bound, "conv weights within ±1/sqrt(48), max " + max);
    }

    @Test
    void architecturesHaveNamsParameterCountsAndReceptiveFields() {
        assertEquals(13_802, A1Architecture.STANDARD.config().weightCount());
        assertEquals(4_093, A1Architecture.STANDARD.config().receptiveField());
        for (A1Architecture a : A1Architecture.values()) {
            assertEquals(4_093, a.config().receptiveField(), a + " receptive field");
        }
        assertEquals(A1Architecture.NANO, A1Architecture.parse(" Nano "));
        assertThrows(IllegalArgumentException.class, () -> A1Architecture.parse("huge"));
    }

    @Test
    void refusesBadArguments() {
        WaveNetA1Trainable model = (WaveNetA1Trainable) A1Architecture.NANO.newModel(1);
        TrainableModel.Workspace ws = model.workspace(5000);
        float[] x = new float[5000];
        assertThrows(IllegalArgumentException.class, () -> model.forward(ws, x, 0, 4000, new float[10]));
        assertThrows(IllegalArgumentException.class, () -> model.forward(ws, x, 1, 5000, new float[908]));
        assertThrows(IllegalStateException.class, () -> model.backward(ws, new float[908], new float[842]));
        assertThrows(IllegalArgumentException.class, () -> model.workspace(100));
        assertThrows(IllegalArgumentException.class,
                () -> new WaveNetA1Trainable(A1Architecture.NANO.config(), new float[3]));
    }

    private static void checkAllGradients(WaveNetA1Trainable model, int length, Random rnd, String what) {
        float[] x = signal(rnd, length);
        float[] r = signal(rnd, length - model.receptiveField() + 1);
        float[] grad = analytic(model, x, r);
        double[] p = toDouble(model.parameters());
        double[] xd = toDouble(x);
        double[] expected = new double[p.length - 1];
        double[] actual = new double[p.length - 1];
        for (int j = 0; j < expected.length; j++) {
            expected[j] = numeric(model.config(), p, xd, r, j);
            actual[j] = grad[j];
        }
        assertClose(expected, actual, GRADIENT_BOUND, what);
    }

    /** Forward and backward twice on one workspace, the second into a gradient that already holds the first: it must add. */
    private static float[] analytic(WaveNetA1Trainable model, float[] x, float[] r) {
        TrainableModel.Workspace ws = model.workspace(x.length);
        float[] y = new float[r.length];
        float[] once = new float[model.parameterCount()];
        model.forward(ws, x, 0, x.length, y);
        model.backward(ws, r, once);
        float[] twice = once.clone();
        model.forward(ws, x, 0, x.length, y);
        model.backward(ws, r, twice);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-6 * (1 + Math.abs(2 * once[i])), "backward adds, parameter " + i);
        }
        return once;
    }

    private static double numeric(WaveNetConfig config, double[] p, double[] x, float[] r, int j) {
        double v = p[j];
        p[j] = v + STEP;
        double plus = loss(ReferenceA1.forward(config, p, x), r);
        p[j] = v - STEP;
        double minus = loss(ReferenceA1.forward(config, p, x), r);
        p[j] = v;
        return (plus - minus) / (2 * STEP);
    }

    private static double loss(double[] y, float[] r) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * r[i];
        }
        return s;
    }

    /** Two or three chained A1 arrays of 1 to 4 channels, kernels 1 to 3, short dilation lists; gated or not. */
    static WaveNetConfig randomConfig(Random rnd) {
        int arrays = 2 + rnd.nextInt(2);
        int[] channels = new int[arrays + 1];
        for (int i = 0; i < arrays; i++) {
            channels[i] = 1 + rnd.nextInt(4);
        }
        channels[arrays] = 1; // the last head size
        List<LayerArrayConfig> list = new ArrayList<>();
        for (int i = 0; i < arrays; i++) {
            int layers = 1 + rnd.nextInt(3);
            int[] dilations = new int[layers];
            for (int l = 0; l < layers; l++) {
                dilations[l] = new int[] {1, 2, 3, 5}[rnd.nextInt(4)];
            }
            list.add(new LayerArrayConfig(i == 0 ? 1 : channels[i - 1], 1, channels[i + 1], channels[i],
                    1 + rnd.nextInt(3), dilations, ActivationFunction.tanh(), rnd.nextBoolean(), rnd.nextBoolean()));
        }
        return new WaveNetConfig(list, 0.5f);
    }

    /** Random parameters of magnitude ~0.7 (larger than PyTorch's init, so every tanh bends). */
    static WaveNetA1Trainable randomModel(WaveNetConfig config, Random rnd, Kernels kernels) {
        float[] p = new float[(int) config.weightCount()];
        for (int i = 0; i < p.length - 1; i++) {
            p[i] = (float) (rnd.nextGaussian() * 0.7);
        }
        p[p.length - 1] = 0.5f;
        return new WaveNetA1Trainable(config, p, kernels);
    }

    private static String describe(WaveNetConfig c) {
        StringBuilder b = new StringBuilder();
        for (LayerArrayConfig a : c.layerArrays()) {
            b.append('[').append(a.inputSize()).append("->").append(a.channels()).append(" k")
                    .append(a.layers().get(0).kernelSize()).append(" d").append(java.util.Arrays.toString(a.dilations()))
                    .append(a.layers().get(0).gating().namName()).append(" head ").append(a.headSize())
                    .append(a.headBias() ? "+b" : "").append(']');
        }
        return b.toString();
    }

    static float[] signal(Random rnd, int n) {
        return GradientChecks.uniform(rnd, n);
    }

    static double[] toDouble(float[] a) {
        return GradientChecks.toDouble(a);
    }

    static void assertClose(double[] expected, double[] actual, double bound, String what) {
        GradientChecks.assertClose(expected, actual, bound, what);
    }
}
