package dev.convstream.stream;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.Padding;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.KernelFamilies;
import dev.convstream.testing.NaiveConv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StreamingConv2dTest {

    private static final int TIME_FRAMES = 600;

    /** Time: causal, 'same', partial or valid zero padding, stride 1-2; frequency: every mode. */
    static List<Object[]> cases() {
        Random r = new Random(99);
        List<Object[]> out = new ArrayList<>();
        PaddingMode[] modes = PaddingMode.values();
        for (Kernels k : KernelFamilies.list()) {
            for (int i = 0; i < 8; i++) {
                PaddingMode mode = modes[i % modes.length];
                int groups = 1 + r.nextInt(2);
                int cin = groups * (1 + r.nextInt(2));
                int cout = groups * (1 + r.nextInt(3));
                int kt = 1 + r.nextInt(3);
                int kf = 1 + r.nextInt(4);
                int dt = 1 + r.nextInt(3);
                int df = 1 + r.nextInt(2);
                int ht = dt * (kt - 1);
                Padding time = mode == PaddingMode.ZEROS
                        ? new Padding(r.nextInt(ht + 1), r.nextInt(ht + 2)) : Padding.valid();
                int pf = r.nextInt(Math.min(3, df * (kf - 1) + 1) + 1);
                Conv2dSpec spec = Conv2dSpec.builder(cin, cout, kt, kf).stride(1 + r.nextInt(2), 1 + r.nextInt(2))
                        .dilation(dt, df).groups(groups).paddingMode(mode).padding(time, Padding.of(pf))
                        .bias(r.nextBoolean()).build();
                out.add(new Object[] {k, spec, 8 + r.nextInt(9)});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} F={2}")
    @MethodSource("cases")
    void streamedFramesAreTheOfflineOutputDelayedByTheLatency(Kernels kernels, Conv2dSpec spec, int bins) {
        Random r = new Random(spec.hashCode());
        int cin = spec.inChannels();
        int cout = spec.outChannels();
        float[] w = StreamingConv1dTest.random(r, cout * (cin / spec.groups()) * spec.kernelH() * spec.kernelW());
        float[] b = spec.bias() ? StreamingConv1dTest.random(r, cout) : null;
        float[][][] x = new float[cin][TIME_FRAMES][];
        for (int c = 0; c < cin; c++) {
            for (int t = 0; t < TIME_FRAMES; t++) {
                x[c][t] = StreamingConv1dTest.random(r, bins);
            }
        }
        float[][][] expected = reference(spec, x, w, b);
        StreamingConv2d conv = new StreamingConv2d(spec, bins, w, b, kernels);
        conv.prepare(1);
        int latency = spec.dilationH() * (spec.kernelH() - 1) - spec.paddingH().before();
        assertEquals(latency, conv.latency());
        int fOut = conv.outputBins();
        assertEquals(expected[0][0].length, fOut);
        int preRoll = latency / spec.strideH();
        float[] frame = new float[cin * bins];
        float[] out = new float[conv.outputSize()];
        int emitted = 0;
        for (int t = 0; t < TIME_FRAMES + spec.paddingH().after(); t++) { // the tail needs `after` silent frames
            for (int c = 0; c < cin; c++) {
                for (int f = 0; f < bins; f++) {
                    frame[c * bins + f] = t < TIME_FRAMES ? x[c][t][f] : 0f;
                }
            }
            if (!conv.step(frame, 0, out, 0)) {
                continue;
            }
            int j = emitted++ - preRoll;
            if (j >= expected[0].length) {
                continue;
            }
            for (int o = 0; o < cout; o++) {
                for (int f = 0; f < fOut; f++) {
                    float g = out[o * fOut + f];
                    float e = j < 0 ? 0f : expected[o][j][f];
                    // scalar GEMM: same summation order as the naive loop, bit-exact; otherwise see
                    // StreamingConv1dTest (here at most 2*3*4 = 24 terms of size <= 1)
                    boolean ok = kernels.name().equals("scalar")
                            ? Float.floatToIntBits(e) == Float.floatToIntBits(g) : Math.abs(e - g) <= 3e-6;
                    if (!ok) {
                        fail("output frame " + j + " channel " + o + " bin " + f + ": expected " + e + " found " + g);
                    }
                }
            }
        }
        assertTrue(emitted - preRoll >= expected[0].length, "every offline frame came out: " + emitted);
    }

    /**
     * The offline convolution of {@code x [cin][T][F]} as {@code [cout][T'][F']}, in float32 in the
     * scalar GEMM's order. The spec's padding mode applies to both axes, which is the stream's zero
     * time padding whenever it pads in time: the cases pad time only with {@link PaddingMode#ZEROS}.
     */
    private static float[][][] reference(Conv2dSpec spec, float[][][] x, float[] w, float[] b) {
        int cin = x.length;
        int tLen = x[0].length;
        int fLen = x[0][0].length;
        float[] flat = new float[cin * tLen * fLen];
        for (int c = 0; c < cin; c++) {
            for (int t = 0; t < tLen; t++) {
                System.arraycopy(x[c][t], 0, flat, (c * tLen + t) * fLen, fLen);
            }
        }
        NaiveConv.Result r = NaiveConv.conv2d(spec, Tensor.wrap(flat, 1, cin, tLen, fLen),
                Tensor.wrap(w, spec.outChannels(), cin / spec.groups(), spec.kernelH(), spec.kernelW()),
                b == null ? null : Tensor.wrap(b, b.length), NaiveConv.Precision.FLOAT32);
        int tOut = r.shape()[2];
        int fOut = r.shape()[3];
        float[][][] y = new float[spec.outChannels()][tOut][fOut];
        for (int o = 0; o < y.length; o++) {
            for (int t = 0; t < tOut; t++) {
                for (int f = 0; f < fOut; f++) {
                    y[o][t][f] = (float) r.values()[(o * tOut + t) * fOut + f];
                }
            }
        }
        return y;
    }

    @Test
    void timePaddingWithAReadingModeIsRejected() {
        Conv2dSpec spec = Conv2dSpec.builder(1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv2d(spec, 4, new float[9], new float[1], Kernels.scalar()));
        assertTrue(e.getMessage().contains("time (H)") && e.getMessage().contains("reflect"), e.getMessage());
    }

    @Test
    void strideInTimeSkipsFramesAndSaysSo() {
        Conv2dSpec spec = Conv2dSpec.builder(1, 1, 1, 1).stride(2, 1).bias(false).build();
        StreamingConv2d conv = new StreamingConv2d(spec, 2, new float[] {1}, null, Kernels.scalar());
        conv.prepare(1);
        float[] out = new float[2];
        assertTrue(conv.step(new float[] {1, 2}, 0, out, 0));
        assertFalse(conv.step(new float[] {3, 4}, 0, out, 0));
        assertTrue(conv.step(new float[] {5, 6}, 0, out, 0));
        assertEquals(5f, out[0]);
        assertEquals(6f, out[1]);
    }

    @Test
    void frequencyPaddingTooLargeForTheBinsIsRejectedAtConstruction() {
        Conv2dSpec spec = Conv2dSpec.builder(1, 1, 1, 5).padding(Padding.valid(), Padding.of(4))
                .paddingMode(PaddingMode.REFLECT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingConv2d(spec, 3, new float[5], new float[1], Kernels.scalar()));
        assertTrue(e.getMessage().contains("reflect padding 4"), e.getMessage());
    }

    /** As a FrameProcessor: a block of frames, time stride 2, emits what its frames one by one emit. */
    @Test
    void blocksOfFramesEqualSingleFrames() {
        Conv2dSpec spec = Conv2dSpec.builder(2, 3, 3, 3).stride(2, 1).padding(new Padding(2, 1), Padding.of(1))
                .dilation(2, 1).build();
        Random r = new Random(3);
        float[] w = new float[3 * 2 * 9];
        float[] b = new float[3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        b[1] = 0.5f;
        int bins = 5;
        StreamingConv2d single = new StreamingConv2d(spec, bins, w, b, Kernels.scalar());
        StreamingConv2d blocks = new StreamingConv2d(spec, bins, w, b, Kernels.scalar());
        assertThrows(IllegalStateException.class, () -> blocks.process(new float[10], 0, new float[15], 0, 1));
        single.prepare(1);
        blocks.prepare(7);
        assertEquals(2 * bins, blocks.inputSize());
        assertEquals(3 * bins, blocks.outputSize());
        int frames = 20;
        float[] x = new float[frames * 2 * bins];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] one = new float[frames * 3 * bins];
        int emitted = 0;
        for (int t = 0; t < frames; t++) {
            if (single.step(x, t * 2 * bins, one, emitted * 3 * bins)) {
                emitted++;
            }
        }
        float[] many = new float[frames * 3 * bins];
        int written = 0;
        int t = 0;
        for (int n : new int[] {7, 1, 5, 7}) {
            written += blocks.process(x, t * 2 * bins, many, written * 3 * bins, n);
            t += n;
        }
        assertEquals(emitted, written);
        assertEquals(10, written, "time stride 2: every other frame");
        assertArrayEquals(one, many);
        assertThrows(IllegalArgumentException.class, () -> blocks.process(x, 0, many, 0, 8));
    }
}
