package dev.convstream.stream;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NaiveConv.Precision;
import dev.convstream.testing.NaiveConv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StreamingConv1dTest {

    private static final int FRAMES = 10_000;
    private static final int MAX_BLOCK = 511;

    /** Random specs: every padding rule the stream accepts, strides 1-3, dilation, groups. */
    static List<Conv1dSpec> randomSpecs() {
        Random r = new Random(20261125);
        List<Conv1dSpec> specs = new ArrayList<>();
        specs.add(Conv1dSpec.builder(16, 32, 3).dilation(64).causal().build()); // the WaveNet shape
        specs.add(Conv1dSpec.builder(1, 1, 1).causal().build());
        specs.add(Conv1dSpec.builder(2, 3, 4).dilation(3).same().build());       // odd total: after > before
        specs.add(Conv1dSpec.builder(4, 4, 5).groups(4).padding(1, 7).stride(3).bias(false).build());
        for (int i = 0; i < 8; i++) {
            int groups = 1 + r.nextInt(3);
            int cin = groups * (1 + r.nextInt(3));
            int cout = groups * (1 + r.nextInt(3));
            int k = 1 + r.nextInt(5);
            int d = 1 + r.nextInt(4);
            int s = 1 + r.nextInt(3);
            int h = d * (k - 1);
            int before = r.nextInt(h + 1);
            int after = r.nextInt(h + 3);
            specs.add(Conv1dSpec.builder(cin, cout, k).dilation(d).stride(s).groups(groups)
                    .padding(before, after).bias(r.nextBoolean()).build());
        }
        return specs;
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (Kernels kk : KernelFamilies.list()) {
            for (Conv1dSpec spec : randomSpecs()) {
                out.add(new Object[] {kk, spec});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void streamedOutputIsTheOfflineOutputDelayedByTheLatency(Kernels kernels, Conv1dSpec spec) {
        Random r = new Random(spec.hashCode());
        float[] w = random(r, (int) (spec.parameterCount() - (spec.bias() ? spec.outChannels() : 0)));
        float[] b = spec.bias() ? random(r, spec.outChannels()) : null;
        int len = FRAMES + r.nextInt(100);
        float[][] x = new float[spec.inChannels()][];
        for (int c = 0; c < x.length; c++) {
            x[c] = random(r, len);
        }
        int before = spec.padding().before();
        int after = spec.padding().after();
        float[][] expected = reference(spec, x, w, b, Precision.FLOAT32);
        // scale[o][j] = sum |w x| + |b|: the size of the worst rounding a reordered float sum can make
        float[][] scale = reference(spec, abs(x), abs(w), b == null ? null : abs(b), Precision.DOUBLE);

        StreamingConv1d conv = new StreamingConv1d(spec, w, b, kernels);
        conv.prepare(MAX_BLOCK);
        int latency = spec.dilation() * (spec.kernel() - 1) - before;
        assertEquals(latency, conv.latency());
        int[] fixed = {1, 7, 64, 511};
        for (int blockSize : fixed) {
            conv.reset();
            check(kernels, conv, x, len + after, n -> blockSize, expected, scale, latency / spec.stride(),
                    "block " + blockSize);
        }
        Random mix = new Random(7);
        conv.reset();
        check(kernels, conv, x, len + after, n -> 1 + mix.nextInt(Math.min(n, MAX_BLOCK)), expected, scale,
                latency / spec.stride(), "mixed blocks");
    }

    /**
     * Stride 1 runs the family's direct kernel with the layer's weights fixed (packed by the
     * vector family for k = 3) on a history row that slides and is moved to its front now and
     * then: whatever the block cut (1, 7, 64, 511 frames, mixed), the stream has the bits of the
     * whole signal processed in one call. Shapes: case (g) (16 -> 32, k3, d64: whole packed tiles),
     * a row tail (6 outputs), groups, an even kernel with a latency, a 1x1.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void everyBlockCutGivesTheBitsOfTheWholeSignal(Kernels kernels) {
        List<Conv1dSpec> specs = List.of(
                Conv1dSpec.builder(16, 32, 3).dilation(64).causal().build(),
                Conv1dSpec.builder(6, 6, 3).dilation(5).causal().bias(false).build(),
                Conv1dSpec.builder(8, 8, 3).dilation(2).groups(2).causal().build(),
                Conv1dSpec.builder(3, 5, 2).dilation(3).same().build(),
                Conv1dSpec.builder(1, 1, 1).causal().build());
        int len = 3_000;
        for (Conv1dSpec spec : specs) {
            Random r = new Random(spec.hashCode());
            float[] w = random(r, spec.outChannels() * spec.inChannels() / spec.groups() * spec.kernel());
            float[] b = spec.bias() ? random(r, spec.outChannels()) : null;
            int cin = spec.inChannels();
            int cout = spec.outChannels();
            float[] x = random(r, cin * len);
            StreamingConv1d whole = new StreamingConv1d(spec, w, b, kernels);
            whole.prepare(len);
            float[] expected = new float[cout * len];
            assertEquals(len, whole.process(x, 0, len, expected, 0, len, len));

            StreamingConv1d conv = new StreamingConv1d(spec, w, b, kernels);
            conv.prepare(MAX_BLOCK);
            Random mix = new Random(5);
            List<IntUnaryOperator> cuts = List.of(n -> 1, n -> 7, n -> 64, n -> 511, n -> 1 + mix.nextInt(MAX_BLOCK));
            for (int cut = 0; cut < cuts.size(); cut++) {
                conv.reset();
                float[] got = new float[cout * len];
                float[] in = new float[cin * MAX_BLOCK];
                float[] out = new float[cout * MAX_BLOCK];
                for (int t = 0; t < len; ) {
                    int n = Math.min(cuts.get(cut).applyAsInt(len - t), len - t);
                    for (int c = 0; c < cin; c++) {
                        System.arraycopy(x, c * len + t, in, c * MAX_BLOCK, n);
                    }
                    assertEquals(n, conv.process(in, 0, MAX_BLOCK, out, 0, MAX_BLOCK, n));
                    for (int o = 0; o < cout; o++) {
                        System.arraycopy(out, o * MAX_BLOCK, got, o * len + t, n);
                    }
                    t += n;
                }
                for (int i = 0; i < got.length; i++) {
                    if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[i])) {
                        fail(kernels.name() + " " + spec + " cut " + cut + ": channel " + i / len + " frame "
                                + i % len + " streamed " + got[i] + ", whole signal " + expected[i]);
                    }
                }
            }
        }
    }

    /** The offline convolution of {@code x [cin][len]} as {@code [cout][outLen]}. */
    private static float[][] reference(Conv1dSpec spec, float[][] x, float[] w, float[] b, Precision precision) {
        int cin = x.length;
        int len = x[0].length;
        float[] flat = new float[cin * len];
        for (int c = 0; c < cin; c++) {
            System.arraycopy(x[c], 0, flat, c * len, len);
        }
        NaiveConv.Result r = NaiveConv.conv1d(spec, Tensor.wrap(flat, 1, cin, len),
                Tensor.wrap(w, spec.outChannels(), cin / spec.groups(), spec.kernel()),
                b == null ? null : Tensor.wrap(b, b.length), precision);
        int outLen = r.shape()[2];
        float[][] y = new float[spec.outChannels()][outLen];
        for (int o = 0; o < y.length; o++) {
            for (int j = 0; j < outLen; j++) {
                y[o][j] = (float) r.values()[o * outLen + j];
            }
        }
        return y;
    }

    /** Streams x (then zeros) in blocks; checks the pre-roll zeros, then every offline frame. */
    private static void check(Kernels kernels, StreamingConv1d conv, float[][] x, int total, IntUnaryOperator blocks,
                              float[][] expected, float[][] scale, int preRoll, String what) {
        int cin = x.length;
        int cout = expected.length;
        int len = x[0].length;
        float[] in = new float[cin * MAX_BLOCK];
        float[] out = new float[cout * MAX_BLOCK];
        float[][] got = new float[cout][total];
        int emitted = 0;
        for (int t = 0; t < total; ) {
            int n = Math.min(blocks.applyAsInt(total - t), total - t);
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < n; i++) {
                    in[c * MAX_BLOCK + i] = t + i < len ? x[c][t + i] : 0f;
                }
            }
            int produced = conv.process(in, 0, MAX_BLOCK, out, 0, MAX_BLOCK, n);
            assertTrue(produced <= conv.maxOutputFrames(n), what);
            for (int o = 0; o < cout; o++) {
                System.arraycopy(out, o * MAX_BLOCK, got[o], emitted, produced);
            }
            emitted += produced;
            t += n;
        }
        // `after` silent frames past the signal bring out the whole offline output
        int compared = expected[0].length;
        assertTrue(emitted - preRoll >= compared, what + ": " + (emitted - preRoll) + " frames for " + compared);
        // Scalar GEMM sums each output over (channel, tap) in the order the naive loop does:
        // bit-exact. Another GEMM may reorder that sum (lanes, FMA): then within 1e-6 of the
        // sum of |terms|, above the worst-case reordering error K*2^-24 for the K <= 16 terms
        // of these specs (and far above the typical sqrt(K)*2^-24).
        boolean exact = kernels.name().equals("scalar");
        for (int o = 0; o < cout; o++) {
            for (int j = 0; j < preRoll; j++) {
                assertEquals(0f, got[o][j], what + ": pre-roll frame " + j + " must be silent");
            }
            for (int j = 0; j < compared; j++) {
                float e = expected[o][j];
                float g = got[o][preRoll + j];
                if (exact ? Float.floatToIntBits(e) != Float.floatToIntBits(g)
                        : Math.abs(e - g) > 1e-6 * scale[o][j]) {
                    fail(what + ": channel " + o + " frame " + j + " expected " + e + " found " + g);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void strideOnePhaseEmitsOneFramePerInputFrame(Kernels kernels) {
        StreamingConv1d conv = new StreamingConv1d(Conv1dSpec.builder(1, 1, 3).causal().build(),
                new float[] {1, 2, 3}, new float[] {0.5f}, kernels);
        conv.prepare(8);
        float[] out = new float[8];
        assertEquals(5, conv.process(new float[] {1, 0, 0, 0, 0}, 0, 5, out, 0, 8, 5));
        // impulse response of y[t] = 1 x[t-2] + 2 x[t-1] + 3 x[t] + 0.5
        assertArrayEqualsPrefix(new float[] {3.5f, 2.5f, 1.5f, 0.5f, 0.5f}, out);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void strideKeepsItsPhaseAcrossBlocks(Kernels kernels) {
        // k=1, stride 3, valid: output j = x[3j]; blocks of 2 frames split the phase
        StreamingConv1d conv = new StreamingConv1d(Conv1dSpec.builder(1, 1, 1).stride(3).bias(false).build(),
                new float[] {1}, null, kernels);
        conv.prepare(2);
        float[] out = new float[2];
        int[] counts = new int[5];
        float[] seen = new float[5];
        int total = 0;
        for (int blk = 0; blk < 5; blk++) {
            counts[blk] = conv.process(new float[] {2 * blk, 2 * blk + 1}, 0, 2, out, 0, 2, 2);
            for (int j = 0; j < counts[blk]; j++) {
                seen[total++] = out[j];
            }
        }
        assertEquals(4, total); // frames 0, 3, 6, 9 of 0..9
        assertArrayEqualsPrefix(new float[] {0, 3, 6, 9}, seen);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void resetReturnsToSilence(Kernels kernels) {
        StreamingConv1d conv = new StreamingConv1d(Conv1dSpec.builder(1, 1, 2).dilation(2).causal().bias(false).build(),
                new float[] {1, 1}, null, kernels);
        conv.prepare(4);
        float[] out = new float[4];
        conv.process(new float[] {5, 5, 5, 5}, 0, 4, out, 0, 4, 4);
        conv.reset();
        conv.process(new float[] {1, 0, 0, 0}, 0, 4, out, 0, 4, 4);
        assertArrayEqualsPrefix(new float[] {1, 0, 1, 0}, out);
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void resetToConstantActsAsAnEndlessConstantPast(Kernels kernels) {
        StreamingConv1d conv = new StreamingConv1d(Conv1dSpec.builder(2, 1, 3).dilation(5).causal().build(),
                new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.25f}, kernels);
        conv.prepare(4);
        conv.resetToConstant(new float[] {1, -1});
        float[] out = new float[4];
        conv.process(new float[] {1, 1, 1, 1, -1, -1, -1, -1}, 0, 4, out, 0, 4, 4);
        float steady = (1 + 2 + 3) - (4 + 5 + 6) + 0.25f;
        assertArrayEqualsPrefix(new float[] {steady, steady, steady, steady}, out);
    }

    @Test
    void rejectsPaddingModesThatReadAcrossTheSignalEdges() {
        Conv1dSpec reflect = Conv1dSpec.builder(1, 1, 3).same().paddingMode(PaddingMode.REFLECT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv1d(reflect, new float[3], new float[1], Kernels.scalar()));
        assertTrue(e.getMessage().contains("reflect") && e.getMessage().contains("cannot be streamed"), e.getMessage());
        // reflect without padding never reads outside: fine
        new StreamingConv1d(Conv1dSpec.builder(1, 1, 3).paddingMode(PaddingMode.REFLECT).build(),
                new float[3], new float[1], Kernels.scalar());
    }

    @Test
    void rejectsLeftPaddingBeyondTheKernelHistory() {
        Conv1dSpec spec = new Conv1dSpec(1, 1, 3, 1, new Padding(3, 0), PaddingMode.ZEROS, 1, 1, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv1d(spec, new float[3], null, Kernels.scalar()));
        assertTrue(e.getMessage().contains("left padding 3"), e.getMessage());
    }

    @Test
    void rejectsWrongWeightAndBiasSizesWithExpectedAndFound() {
        Conv1dSpec spec = Conv1dSpec.builder(2, 4, 3).causal().build();
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv1d(spec, new float[23], new float[4], Kernels.scalar()));
        assertTrue(w.getMessage().contains("24") && w.getMessage().contains("23"), w.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv1d(spec, new float[24], new float[3], Kernels.scalar()));
        assertTrue(b.getMessage().contains("bias must have 4") && b.getMessage().contains("found 3"), b.getMessage());
    }

    @Test
    void rejectsBadBlocksWithClearMessages() {
        StreamingConv1d conv = new StreamingConv1d(Conv1dSpec.builder(2, 1, 3).causal().build(),
                new float[6], new float[1], Kernels.scalar());
        assertThrows(IllegalStateException.class, () -> conv.process(new float[8], 0, 4, new float[4], 0, 4, 4));
        conv.prepare(4);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> conv.process(new float[10], 0, 5, new float[5], 0, 5, 5));
        assertTrue(big.getMessage().contains("maxBlockSize=4") && big.getMessage().contains("found 5"), big.getMessage());
        IllegalArgumentException shortIn = assertThrows(IllegalArgumentException.class,
                () -> conv.process(new float[7], 0, 4, new float[4], 0, 4, 4));
        assertTrue(shortIn.getMessage().startsWith("input needs indices [0, 8)"), shortIn.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> conv.process(new float[8], 0, 3, new float[4], 0, 4, 4));
        assertTrue(overlap.getMessage().contains("input channel stride 3"), overlap.getMessage());
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }

    static float[][] abs(float[][] a) {
        float[][] b = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = abs(a[i]);
        }
        return b;
    }

    static void assertArrayEqualsPrefix(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f, "index " + i);
        }
    }
}
