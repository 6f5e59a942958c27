package dev.convstream.features.rtneural;

import dev.convstream.kernel.Kernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conv1d with stride and ConvTranspose1d from RTNeural's PyTorch export, against RTNeural's own
 * models and reference outputs ({@code conv1d_torch_stride_3.json}, {@code convtranspose1d_torch.json}
 * and the first 40 frames of channels 0 and 1 of their {@code test_data/} references, see
 * NOTICE-RTNeural.txt) and, for every channel and frame, against naive references written here
 * from PyTorch's definitions and RTNeural's stepping rules.
 *
 * <p>Tolerances: 1e-5 against RTNeural's float64 references (float32 weights and sums of 5 and
 * 20 products of terms below 1: rounding ~1e-7); 1e-5 against the naive double references for
 * the same reason. A wrong tap order, a swapped in/out axis or a stride phase off by one frame
 * changes values by 1e-2 or more.
 */
class RtNeuralTorchStrideTransposeTest {
    private static final double TOLERANCE = 1e-5;
    private static final int STRIDE = 3;
    private static final int K = 5;

    /**
     * {@code nn.Conv1d(1, 12, 5, stride=3)} as RTNeural's StridedConv1D runs it: the conv is
     * computed on frames 0, 3, 6, ... after reset and held between. RTNeural's test first feeds
     * {@code K-1 = 4} frames through {@code skip()} (history only, no stride step); a stream has
     * no such step, and {@code (-(K-1)) mod 3 = 2} leading zero frames put the stride phase where
     * that test puts it: stream frame {@code 3(m+2)} (and the two after it) is PyTorch's output
     * {@code m}.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void stridedConv1dMatchesRtNeuralReference(Kernels kernels) throws IOException {
        RtNeuralModel model = stridedModel(kernels);
        double[] x = column(csv("conv1d_torch_stride_x.csv"), 0);
        double[][] want = csv("conv1d_torch_y_python_stride_3.first40.csv"); // [channel 0..1][m]
        double[] padded = new double[x.length + 2];
        System.arraycopy(x, 0, padded, 2, x.length);
        float[] in = floats(padded);
        int frames = in.length;
        float[] y = new float[frames * 12];
        model.prepare(frames);
        for (int pass = 0; pass < 2; pass++) { // reset() restores zero history, the held output and the phase
            model.reset();
            model.process(in, y, frames);
            for (int o = 0; o < want.length; o++) {
                for (int m = 0; m < want[o].length; m++) {
                    for (int hold = 0; hold < STRIDE && 3 * (m + 2) + hold < frames; hold++) {
                        assertEquals(want[o][m], y[(3 * (m + 2) + hold) * 12 + o], TOLERANCE,
                                "pass " + pass + " channel " + o + " output " + m + " held frame " + hold);
                    }
                }
            }
        }
    }

    /** Every channel and frame, including the first frames over zero history, against the stepping rule. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void stridedConv1dHoldsTheOutputOfEveryStrideStep(Kernels kernels) throws IOException {
        RtNeuralModel model = stridedModel(kernels);
        double[] x = column(csv("conv1d_torch_stride_x.csv"), 0);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file("conv1d_torch_stride_3.json").toFile());
        int frames = x.length;
        float[] y = new float[frames * 12];
        model.prepare(frames);
        model.process(floats(x), y, frames);
        for (int t = 0; t < frames; t++) {
            int step = t - t % STRIDE; // the frame whose conv output frame t holds
            for (int o = 0; o < 12; o++) {
                double want = json.get("bias").get(o).asDouble();
                for (int k = 0; k < K; k++) { // PyTorch correlates: tap K-1 meets the newest frame
                    int n = step - (K - 1 - k);
                    want += n < 0 ? 0 : json.get("weight").get(o).get(0).get(k).asDouble() * x[n];
                }
                assertEquals(want, y[t * 12 + o], TOLERANCE, "frame " + t + " channel " + o);
            }
        }
    }

    /**
     * {@code nn.ConvTranspose1d(4, 15, 5, stride=3, padding=3)} as RTNeural's test runs it: the
     * input zero-stuffed to the output rate (frame {@code 3n} carries input {@code n}, zeros
     * between), and PyTorch's output {@code m} is stream frame {@code m + padding}.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convTranspose1dMatchesRtNeuralReference(Kernels kernels) throws IOException {
        RtNeuralModel model = transposeModel(kernels);
        assertEquals(3, model.validPaddingDelay());
        double[][] want = csv("convtranspose1d_torch_y_python.first40.csv"); // [channel 0..1][m]
        float[] in = zeroStuffed(csv("convtranspose1d_torch_x.csv"));
        int frames = in.length / 4;
        float[] y = new float[frames * 15];
        model.prepare(frames);
        for (int pass = 0; pass < 2; pass++) {
            model.reset();
            model.process(in, y, frames);
            for (int o = 0; o < want.length; o++) {
                for (int m = 0; m < want[o].length; m++) {
                    assertEquals(want[o][m], y[(m + 3) * 15 + o], TOLERANCE, "pass " + pass + " channel " + o + " output " + m);
                }
            }
        }
    }

    /** Every channel against PyTorch's definition of the transposed conv: each input frame scattered over K outputs. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void convTranspose1dIsPyTorchsScatterOnEveryChannel(Kernels kernels) throws IOException {
        RtNeuralModel model = transposeModel(kernels);
        double[][] x = csv("convtranspose1d_torch_x.csv"); // [n][4]
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file("convtranspose1d_torch.json").toFile());
        int full = (x.length - 1) * STRIDE + K;
        double[][] ref = new double[full][15];
        for (int t = 0; t < full; t++) {
            for (int o = 0; o < 15; o++) {
                ref[t][o] = json.get("bias").get(o).asDouble();
            }
        }
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < 4; i++) {
                for (int o = 0; o < 15; o++) {
                    for (int k = 0; k < K; k++) {
                        ref[n * STRIDE + k][o] += x[n][i] * json.get("weight").get(i).get(o).get(k).asDouble();
                    }
                }
            }
        }
        float[] in = zeroStuffed(x);
        int frames = in.length / 4;
        float[] y = new float[frames * 15];
        model.prepare(frames);
        model.process(in, y, frames);
        for (int t = 0; t < frames; t++) { // the stream is PyTorch's padding=0 output; padding=3 crops 3 frames off it
            for (int o = 0; o < 15; o++) {
                assertEquals(ref[t][o], y[t * 15 + o], TOLERANCE, "frame " + t + " channel " + o);
            }
        }
    }

    /** Blocks of 1, 7, 64 and a mixed sequence give the whole-signal output exactly. */
    @Test
    void anyBlockSplitGivesTheWholeSignalOutput() throws IOException {
        for (RtNeuralModel model : List.of(stridedModel(Kernels.scalar()), transposeModel(Kernels.scalar()),
                stridedModel(Kernels.preferred()))) {
            RtNeuralTestKit.assertAnyBlockSplitGivesTheWholeSignal(model, 300, new int[][] {{1}, {7}, {64}, {1, 5, 64, 2, 13, 3}});
        }
    }

    @Test
    @Tag("allocation")
    void processAndResetDoNotAllocate() throws IOException {
        RtNeuralTestKit.assertAudioPathAllocatesNothing(List.of(stridedModel(Kernels.scalar()), transposeModel(Kernels.scalar())));
    }

    /** The layer list carried in the file (what the CLI reads) gives the same models as the Java list. */
    @Test
    void strideAndPaddingInTheFileBuildTheSameModels() throws IOException {
        RtNeuralLoader loader = new RtNeuralLoader(Kernels.scalar());
        String strided = Files.readString(file("conv1d_torch_stride_3.json"));
        RtNeuralModel a = loader.parse("{\"convstream_torch_layers\": [{\"type\": \"conv1d\", \"prefix\": \"\", \"in\": 1,"
                + " \"out\": 12, \"kernel_size\": 5, \"stride\": 3}], " + strided.substring(1));
        assertEquals(stridedModel(Kernels.scalar()).describe(), a.describe());
        String transposed = Files.readString(file("convtranspose1d_torch.json"));
        RtNeuralModel b = loader.parse("{\"convstream_torch_layers\": [{\"type\": \"convtranspose1d\", \"prefix\": \"\","
                + " \"in\": 4, \"out\": 15, \"kernel_size\": 5, \"padding\": 3}], " + transposed.substring(1));
        assertEquals(transposeModel(Kernels.scalar()).describe(), b.describe());
        assertEquals(3, b.validPaddingDelay());
    }

    @Test
    void whatRtNeuralDoesNotLoadIsRefusedByName() {
        RtNeuralLoader loader = new RtNeuralLoader(Kernels.scalar());
        var e = assertThrows(IllegalArgumentException.class, () -> loader.parse(
                "{\"convstream_torch_layers\": [{\"type\": \"batchnorm1d\", \"prefix\": \"bn.\", \"in\": 4, \"out\": 4}]}"));
        assertEquals("missing key 'bn.running_mean' (expected a tensor of shape [4])", e.getMessage(),
                "batchnorm1d is read now (RtNeuralTorchTcnTest); its keys are required");
        e = assertThrows(IllegalArgumentException.class, () -> loader.parseTorch("{}",
                List.of(TorchLayerSpec.convTranspose1d("", 4, 15, 5, 1, 3).withStride(3))));
        assertTrue(e.getMessage().startsWith("layer 0 (convtranspose1d ''): stride 3 applies to conv1d only; RTNeural runs "
                + "ConvTranspose1d at the output rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loader.parseTorch("{}", List.of(new TorchLayerSpec(
                TorchLayerSpec.Type.CONVTRANSPOSE1D, "", 4, 4, 3, 1, 2, 1, 0, 0, true, ""))));
        assertEquals("layer 0 (convtranspose1d ''): groups 2 is not read for convtranspose1d; RTNeural's "
                + "loadConvTranspose1D handles groups 1 only", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loader.parseTorch("{}",
                List.of(TorchLayerSpec.convTranspose1d("", 4, 15, 5, 1, 5))));
        assertEquals("layer 0 (convtranspose1d ''): padding 5 must be in [0, 4] ((kernel_size - 1) * dilation)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loader.parse("{\"convstream_torch_layers\": [{\"type\": "
                + "\"conv1d\", \"prefix\": \"\", \"in\": 1, \"out\": 12, \"kernel_size\": 5, \"padding\": 2}]}"));
        assertTrue(e.getMessage().startsWith("layer 0 (conv1d ''): padding 2 applies to convtranspose1d only"), e.getMessage());
    }

    /** A transposed weight read as [out][in][K] (a missed axis swap) is a shape error naming the key. */
    @Test
    void theTransposedWeightShapeIsInOutK() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RtNeuralLoader(Kernels.scalar())
                .loadTorch(file("convtranspose1d_torch.json"), List.of(TorchLayerSpec.convTranspose1d("", 15, 4, 5, 1, 3))));
        assertTrue(e.getMessage().endsWith("key 'weight' has shape [4, 15, 5], expected [15, 4, 5]"), e.getMessage());
    }

    private static RtNeuralModel stridedModel(Kernels kernels) throws IOException {
        return new RtNeuralLoader(kernels).loadTorch(file("conv1d_torch_stride_3.json"),
                List.of(TorchLayerSpec.conv1d("", 1, 12, K, 1, 1).withStride(STRIDE)));
    }

    private static RtNeuralModel transposeModel(Kernels kernels) throws IOException {
        return new RtNeuralLoader(kernels).loadTorch(file("convtranspose1d_torch.json"),
                List.of(TorchLayerSpec.convTranspose1d("", 4, 15, K, 1, 3)));
    }

    /** Input frame n at stream frame 3n, zeros between, K - 1 zero frames after the last (the full output). */
    private static float[] zeroStuffed(double[][] x) {
        int frames = (x.length - 1) * STRIDE + K;
        float[] in = new float[frames * 4];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < 4; c++) {
                in[n * STRIDE * 4 + c] = (float) x[n][c];
            }
        }
        return in;
    }

    private static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static double[] column(double[][] rows, int c) {
        return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }

    private static Path file(String name) {
        return RtNeuralTestKit.resource("rtneural-torch", name);
    }

    private static double[][] csv(String name) throws IOException {
        return RtNeuralTestKit.csv(file(name));
    }
}
