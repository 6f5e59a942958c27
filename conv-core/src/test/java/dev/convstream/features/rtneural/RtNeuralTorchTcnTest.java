package dev.convstream.features.rtneural;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.features.rtneural.TorchLayerSpec.ResidualCrop;
import dev.convstream.kernel.Kernels;
import dev.convstream.spec.PaddingMode;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.NaiveConv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micro-TCN blocks, PReLU and BatchNorm1d from RTNeural's PyTorch export: RTNeural's own microtcn
 * test model ({@code models/microtcn/{conv1,bn,relu,res}.json}, TCNBlock(1, 32, 4, 10)) against
 * the first 40 frames of channels 0 and 1 of its reference {@code test_data/microtcn_y.csv}
 * (NOTICE-RTNeural.txt), and every frame and channel of it and of a random three-block TCN with
 * flat BatchNorm1d, PReLU and an output conv against naive double references written here from
 * PyTorch's definitions (Conv1d unpadded by the test kit's {@code NaiveConv}, BatchNorm1d in eval
 * mode, PReLU, micro-TCN's crops).
 *
 * <p>Tolerances. 1e-6 (RTNeural's own for this test) against RTNeural's float64 reference and
 * the double references of the RTNeural block: the weights are float32 values and the stream
 * computes in float (sums of 4 products below 0.5, BN folded into the weights in float, one add
 * of the residual): rounding is ~1e-7 per value, measured max 1.5e-7. 1e-5 for the three-block
 * random TCN (block values up to ~10 before the output tanh, rounding compounded through three
 * blocks and an output conv of 8; measured max 6e-7). A residual read one frame off, a BN using
 * an eps wrong by 100x on its variance of 1e-3, or a PReLU slope on the wrong channel changes
 * outputs by 1e-2 or more (each checked by breaking the loader once).
 */
class RtNeuralTorchTcnTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RTNEURAL_TOLERANCE = 1e-6;
    private static final double RANDOM_TOLERANCE = 1e-5;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void rtNeuralsMicroTcnBlockMatchesItsReference(Kernels kernels) throws IOException {
        RtNeuralModel model = rtNeuralBlock(kernels);
        assertEquals(30, model.validPaddingDelay(), "conv1's (4 - 1) * 10 frames, as RTNeural's computeCrop");
        double[][] x = csv("microtcn_x.csv");
        double[][] want = csv("microtcn_y_python.first40.csv"); // [channel 0..1][PyTorch output n]
        float[] y = new float[x.length * 32];
        model.prepare(x.length);
        for (int pass = 0; pass < 2; pass++) { // reset() restores zero history
            model.reset();
            model.process(floats(x), y, x.length);
            for (int c = 0; c < want.length; c++) {
                for (int n = 0; n < want[c].length; n++) { // RTNeural's test: its output n + crop is PyTorch's n
                    assertEquals(want[c][n], y[(n + 30) * 32 + c], RTNEURAL_TOLERANCE, "pass " + pass + " channel " + c
                            + " output " + n);
                }
            }
        }
    }

    /** Every frame (the first 30 over zero history too) and every channel of RTNeural's block. */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void rtNeuralsBlockMatchesTheDoubleReferenceOnEveryChannel(Kernels kernels) throws IOException {
        JsonNode sd = JSON.readTree(file("microtcn_block.json").toFile());
        RefBlock ref = RefBlock.of(sd, "", 1, 32, 4, 10, true, false, ResidualCrop.NEWEST, Double.NaN);
        double[][] x = csv("microtcn_x.csv");
        float[] y = run(rtNeuralBlock(kernels), floats(x), x.length);
        double[][] causal = ref.causal(x);
        double[][] torch = ref.valid(x);
        for (int t = 0; t < x.length; t++) {
            for (int c = 0; c < 32; c++) {
                assertEquals(causal[t][c], y[t * 32 + c], RTNEURAL_TOLERANCE, "frame " + t + " channel " + c);
                if (t >= 30) {
                    assertEquals(torch[t - 30][c], y[t * 32 + c], RTNEURAL_TOLERANCE, "frame " + t + " channel " + c);
                }
            }
        }
    }

    /** The merged file with its own layer list (what {@code convstream info} reads) is the same model. */
    @Test
    void theMergedFileCarriesTheSameBlock() throws IOException {
        RtNeuralModel fromFile = new RtNeuralLoader(Kernels.scalar()).load(file("microtcn_block.json"));
        RtNeuralModel fromList = rtNeuralBlock(Kernels.scalar());
        assertEquals(fromList.describe(), fromFile.describe());
        assertEquals(30, fromFile.validPaddingDelay());
        double[][] x = csv("microtcn_x.csv");
        assertArrayEquals(run(fromList, floats(x), x.length), run(fromFile, floats(x), x.length));
    }

    /**
     * Three blocks (conv bias and BN / no BN and one shared slope / BN with a stated eps; the
     * three residual crops; out = 2 in, so the residual conv is grouped), then flat BatchNorm1d,
     * PReLU() and Conv1d(8, 1, 1) with tanh: every frame against the per-layer causal reference,
     * and, after the reported delay, against PyTorch's unpadded forward.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void aRandomTcnMatchesPyTorchsDefinitions(Kernels kernels) throws IOException {
        RandomTcn tcn = RandomTcn.make(11);
        RtNeuralModel model = new RtNeuralLoader(kernels).parse(tcn.file().toString());
        assertEquals(2 * 1 + 2 * 3 + 3 * 5, model.validPaddingDelay());
        RtNeuralModel fromList = new RtNeuralLoader(kernels).parseTorch(tcn.file().toString(), tcn.specs());
        assertEquals(fromList.describe(), model.describe());
        int frames = 400;
        double[][] x = tcn.input(frames);
        float[] y = run(model, floats(x), frames);
        assertArrayEquals(y, run(fromList, floats(x), frames));
        double[][] causal = x;
        double[][] torch = x;
        for (RefLayer l : tcn.reference()) {
            causal = l.causal(causal);
            torch = l.valid(torch);
        }
        int delay = model.validPaddingDelay();
        assertEquals(frames - delay, torch.length);
        double max = 0;
        for (int t = 0; t < frames; t++) {
            assertEquals(causal[t][0], y[t], RANDOM_TOLERANCE, "frame " + t);
            if (t >= delay) {
                assertEquals(torch[t - delay][0], y[t], RANDOM_TOLERANCE, "frame " + t + " (PyTorch output " + (t - delay) + ")");
            }
            max = Math.max(max, Math.abs(causal[t][0]));
        }
        assertTrue(max > 0.1, "the model's output is not trivially small: " + max);
        assertTrue(max < 0.99, "tanh does not saturate (it would hide errors): " + max);
    }

    /** Blocks of 1, 7, 64, 511 and a mixed sequence give the whole-signal output exactly. */
    @Test
    void anyBlockSplitGivesTheWholeSignalOutput() throws IOException {
        for (RtNeuralModel model : List.of(rtNeuralBlock(Kernels.scalar()), rtNeuralBlock(Kernels.preferred()),
                new RtNeuralLoader(Kernels.preferred()).parse(RandomTcn.make(5).file().toString()))) {
            RtNeuralTestKit.assertAnyBlockSplitGivesTheWholeSignal(model, 1500,
                    new int[][] {{1}, {7}, {64}, {511}, {1, 5, 511, 64, 2, 13, 3}});
        }
    }

    @Test
    @Tag("allocation")
    void processAndResetDoNotAllocate() throws IOException {
        RtNeuralTestKit.assertAudioPathAllocatesNothing(List.of(rtNeuralBlock(Kernels.scalar()),
                rtNeuralBlock(Kernels.preferred()), new RtNeuralLoader(Kernels.preferred())
                        .parse(RandomTcn.make(3).file().toString())));
    }

    /** Bad files: one line naming the file and the key or field, expected against found. */
    @Test
    void badFilesNameTheFileAndTheField(@TempDir Path dir) throws IOException {
        String name = "microtcn_block.json";
        assertBad(dir, name, sd -> ((ObjectNode) sd).remove("bn.running_var"),
                "missing key 'bn.running_var' (expected a tensor of shape [32])");
        assertBad(dir, name, sd -> ((ObjectNode) sd).set("relu.weight", floats(31)),
                "key 'relu.weight' has shape [31], expected [32]");
        assertBad(dir, name, sd -> ((ObjectNode) sd).set("res.weight", sd.get("res.weight").get(0)),
                "key 'res.weight' has shape [1, 1], expected [32, 1, 1]");
        assertBad(dir, name, sd -> ((ObjectNode) sd).set("conv1.bias", floats(32)),
                "key 'conv1.bias' is in the file but the layer list says the block has no such tensor; state \"bias\": "
                        + "true (conv1 built with bias=True)");
        assertBad(dir, name, sd -> ((ObjectNode) sd).set("conv1b.weight", floats(1)),
                "key 'conv1b.weight': conv1b (micro-TCN's grouped=True pointwise conv) is not read; RTNeural's "
                        + "TCNBlock has none");
        assertBad(dir, name, sd -> ((ObjectNode) sd).put("bn.eps", "tiny"), "key 'bn.eps' must be a number, found \"tiny\"");
        assertBad(dir, name, sd -> ((ArrayNode) sd.get("bn.running_var")).set(3, -1.0),
                "keys 'bn.running_var'/'bn.eps': BatchNorm running_var[3] must be >= 0, found -1.0");
        assertBad(dir, name, sd -> layer(sd).put("eps", 1e-3), "key 'bn.eps' is 1.0E-5 but the layer list states eps 0.001");
        assertBad(dir, name, sd -> layer(sd).put("in", 3), "layer 0 (tcn_block ''): out 32 must be a multiple of in 3 "
                + "(the residual conv has groups = in)");
        assertBad(dir, name, sd -> layer(sd).put("residual_crop", "left"), "convstream_torch_layers[0].residual_crop: "
                + "expected newest (RTNeural), causal or center (micro-TCN's causal_crop, center_crop), found 'left'");
        assertBad(dir, name, sd -> layer(sd).put("batchnorm", false), "key 'bn.running_mean' is in the file but the "
                + "layer list says the block has no such tensor; state \"batchnorm\": true");
        assertBad(dir, name, sd -> layer(sd).put("type", "batchnorm2d"), "convstream_torch_layers[0].type: 'batchnorm2d' "
                + "is not a layer this loader reads, expected conv1d, convtranspose1d, dense, gru, lstm, prelu, "
                + "batchnorm1d or tcn_block");
        assertBad(dir, name, sd -> ((ObjectNode) sd).set("convstream_torch_layers", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("type", "prelu").put("prefix", "relu.").put("in", 32).put("out", 16))),
                "layer 0 (prelu 'relu.'): in 32 and out 16 must be equal (the layer keeps its channels)");
    }

    private static ObjectNode layer(JsonNode sd) {
        return (ObjectNode) sd.get("convstream_torch_layers").get(0);
    }

    private static void assertBad(Path dir, String name, Consumer<JsonNode> spoil, String message) throws IOException {
        JsonNode sd = JSON.readTree(file(name).toFile());
        spoil.accept(sd);
        Path bad = dir.resolve(name);
        Files.writeString(bad, sd.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new RtNeuralLoader(Kernels.scalar()).load(bad));
        assertEquals(bad + ": " + message, e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** RTNeural's four microtcn files merged as the block's state_dict, the layer list stated in Java. */
    private static RtNeuralModel rtNeuralBlock(Kernels kernels) throws IOException {
        ObjectNode sd = JSON.createObjectNode();
        for (String part : List.of("conv1", "bn", "relu", "res")) {
            JSON.readTree(file("microtcn/" + part + ".json").toFile()).fields()
                    .forEachRemaining(e -> sd.set(part + "." + e.getKey(), e.getValue()));
        }
        return new RtNeuralLoader(kernels).parseTorch(sd.toString(), List.of(TorchLayerSpec.tcnBlock("", 1, 32, 4, 10)));
    }

    private static float[] run(RtNeuralModel model, float[] in, int frames) {
        float[] y = new float[frames * model.outputSize()];
        model.prepare(frames);
        model.process(in, y, frames);
        return y;
    }

    /** One layer of the reference: PyTorch's forward over a whole {@code [frames][channels]} sequence, in double. */
    private interface RefLayer {
        /** PyTorch's output (convs unpadded): {@code history} frames shorter than {@code x}. */
        double[][] valid(double[][] x);

        int history();

        /** The stream's definition: the layer over its input with {@code history} zero frames before it. */
        default double[][] causal(double[][] x) {
            double[][] padded = new double[x.length + history()][];
            for (int t = 0; t < padded.length; t++) {
                padded[t] = t < history() ? new double[x[0].length] : x[t - history()];
            }
            return valid(padded);
        }
    }

    /**
     * Micro-TCN's TCNBlock.forward: {@code conv1} (no padding) -> BatchNorm1d in eval mode,
     * {@code (v - mean) / sqrt(var + eps) * gamma + beta} -> PReLU, {@code v >= 0 ? v : a_c v},
     * plus {@code res} (Conv1d(in, out, 1, groups=in)) of the input cropped as micro-TCN crops it.
     * Both convolutions are the test kit's {@link NaiveConv} oracle (double sums); its inputs are
     * float tensors, so values between blocks are rounded to float, as the stream's are.
     */
    private record RefBlock(int in, int out, int d, Tensor w, Tensor bias, double[][] bn, double eps,
                            double[] slopes, Tensor res, ResidualCrop crop) implements RefLayer {
        static RefBlock of(JsonNode sd, String p, int in, int out, int k, int d, boolean batchNorm, boolean convBias,
                           ResidualCrop crop, double eps) {
            double[][] bn = null;
            if (batchNorm) {
                bn = new double[4][];
                String[] keys = {"running_mean", "running_var", "weight", "bias"};
                for (int j = 0; j < 4; j++) {
                    bn[j] = vector(sd.get(p + "bn." + keys[j]));
                }
                if (sd.has(p + "bn.eps")) {
                    eps = sd.get(p + "bn.eps").asDouble();
                }
            }
            return new RefBlock(in, out, d, tensor(sd.get(p + "conv1.weight"), out, in, k),
                    convBias ? tensor(sd.get(p + "conv1.bias"), out) : null, bn, Double.isNaN(eps) ? 1e-5 : eps,
                    vector(sd.get(p + "relu.weight")), tensor(sd.get(p + "res.weight"), out, 1, 1), crop);
        }

        @Override
        public int history() {
            return (w.dim(2) - 1) * d;
        }

        @Override
        public double[][] valid(double[][] x) {
            int h = history();
            int offset = switch (crop) { // micro-TCN's crops of the residual, as index offsets into x
                case NEWEST -> h;
                case CAUSAL -> h - 1;     // causal_crop: x[..., L-1-len : L-1]
                case CENTER -> h / 2;     // center_crop: start (L - len) // 2
            };
            Tensor planar = Tensor.zeros(1, in, x.length); // [1][C][L], PyTorch's layout
            for (int t = 0; t < x.length; t++) {
                for (int i = 0; i < in; i++) {
                    planar.set((float) x[t][i], 0, i, t);
                }
            }
            double[] conv = NaiveConv.conv1d(planar, w, bias, 1, 0, 0, d, 1, PaddingMode.ZEROS).values();
            double[] residual = NaiveConv.conv1d(planar, res, null, 1, 0, 0, 1, in, PaddingMode.ZEROS).values();
            double[][] y = new double[x.length - h][out];
            for (int n = 0; n < y.length; n++) {
                for (int o = 0; o < out; o++) {
                    double v = conv[o * y.length + n];
                    if (bn != null) {
                        v = (v - bn[0][o]) / Math.sqrt(bn[1][o] + eps) * bn[2][o] + bn[3][o];
                    }
                    double a = slopes[slopes.length == 1 ? 0 : o];
                    v = v >= 0 ? v : a * v;
                    y[n][o] = v + residual[o * x.length + n + offset];
                }
            }
            return y;
        }

        private static Tensor tensor(JsonNode nested, int... shape) {
            Tensor t = Tensor.zeros(shape);
            float[] data = t.data();
            int[] at = {0};
            nested.forEach(new Consumer<JsonNode>() {
                @Override
                public void accept(JsonNode n) {
                    if (n.isArray()) {
                        n.forEach(this);
                    } else {
                        data[at[0]++] = n.floatValue();
                    }
                }
            });
            assertEquals(data.length, at[0], "reference tensor size");
            return t;
        }
    }

    /** A pointwise layer (BatchNorm1d, PReLU, 1x1 conv + tanh) over every frame. */
    private record Pointwise(java.util.function.UnaryOperator<double[]> f) implements RefLayer {
        @Override
        public double[][] valid(double[][] x) {
            return Arrays.stream(x).map(f).toArray(double[][]::new);
        }

        @Override
        public int history() {
            return 0;
        }
    }

    /** A random three-block TCN as one state_dict file carrying its layer list, and its reference. */
    private record RandomTcn(ObjectNode file, List<TorchLayerSpec> specs, List<RefLayer> reference, long seed) {
        static RandomTcn make(long seed) {
            Random r = new Random(seed);
            ObjectNode sd = JSON.createObjectNode();
            ArrayNode layers = sd.putArray("convstream_torch_layers");
            List<TorchLayerSpec> specs = new ArrayList<>();
            // blocks: (in, out, k, d, batchnorm, conv bias, crop, eps, shared slope)
            Object[][] blocks = {{1, 4, 3, 1, true, true, ResidualCrop.NEWEST, Double.NaN, false},
                {4, 8, 3, 3, false, false, ResidualCrop.CAUSAL, Double.NaN, true},
                {8, 8, 4, 5, true, false, ResidualCrop.CENTER, 1e-3, false}};
            for (int b = 0; b < blocks.length; b++) {
                Object[] p = blocks[b];
                int in = (int) p[0];
                int out = (int) p[1];
                int k = (int) p[2];
                String prefix = "blocks." + b + ".";
                ObjectNode l = layers.addObject().put("type", "tcn_block").put("prefix", prefix).put("in", in)
                        .put("out", out).put("kernel_size", k).put("dilation", (int) p[3])
                        .put("residual_crop", ((ResidualCrop) p[6]).name().toLowerCase(java.util.Locale.ROOT));
                TorchLayerSpec spec = TorchLayerSpec.tcnBlock(prefix, in, out, k, (int) p[3])
                        .withResidualCrop((ResidualCrop) p[6]);
                sd.set(prefix + "conv1.weight", random(r, 0.6, out, in, k));
                if ((boolean) p[5]) {
                    l.put("bias", true);
                    spec = spec.withConvBias();
                    sd.set(prefix + "conv1.bias", random(r, 0.3, out));
                }
                if ((boolean) p[4]) {
                    putBatchNorm(sd, prefix + "bn.", out, r);
                    if (!Double.isNaN((double) p[7])) {
                        l.put("eps", (double) p[7]);
                        spec = spec.withEps((double) p[7]);
                    }
                } else {
                    l.put("batchnorm", false);
                    spec = spec.withoutBatchNorm();
                }
                sd.set(prefix + "relu.weight", random(r, 0.4, (boolean) p[8] ? 1 : out));
                sd.set(prefix + "res.weight", random(r, 1.0, out, 1, 1));
                specs.add(spec);
            }
            putBatchNorm(sd, "norm.", 8, r);
            layers.addObject().put("type", "batchnorm1d").put("prefix", "norm.").put("in", 8);
            specs.add(TorchLayerSpec.batchNorm1d("norm.", 8));
            sd.set("act.weight", random(r, 0.4, 1));
            layers.addObject().put("type", "prelu").put("prefix", "act.").put("in", 8);
            specs.add(TorchLayerSpec.prelu("act.", 8));
            sd.set("output.weight", random(r, 0.3, 1, 8, 1));
            sd.set("output.bias", random(r, 0.1, 1));
            layers.addObject().put("type", "conv1d").put("prefix", "output.").put("in", 8).put("out", 1)
                    .put("activation", "tanh");
            specs.add(TorchLayerSpec.conv1d("output.", 8, 1, 1, 1, 1).withActivation("tanh"));

            List<RefLayer> ref = new ArrayList<>();
            for (int b = 0; b < blocks.length; b++) {
                Object[] p = blocks[b];
                ref.add(RefBlock.of(sd, "blocks." + b + ".", (int) p[0], (int) p[1], (int) p[2], (int) p[3],
                        (boolean) p[4], (boolean) p[5], (ResidualCrop) p[6], (double) p[7]));
            }
            double[][] norm = new double[4][];
            String[] keys = {"running_mean", "running_var", "weight", "bias"};
            for (int j = 0; j < 4; j++) {
                norm[j] = vector(sd.get("norm." + keys[j]));
            }
            ref.add(new Pointwise(v -> {
                double[] o = new double[v.length];
                for (int c = 0; c < v.length; c++) {
                    o[c] = (v[c] - norm[0][c]) / Math.sqrt(norm[1][c] + 1e-5) * norm[2][c] + norm[3][c];
                }
                return o;
            }));
            double a = sd.get("act.weight").get(0).asDouble();
            ref.add(new Pointwise(v -> Arrays.stream(v).map(c -> c >= 0 ? c : a * c).toArray()));
            double[] wOut = new double[8];
            for (int c = 0; c < 8; c++) {
                wOut[c] = sd.get("output.weight").get(0).get(c).get(0).asDouble();
            }
            double bOut = sd.get("output.bias").get(0).asDouble();
            ref.add(new Pointwise(v -> {
                double s = bOut;
                for (int c = 0; c < 8; c++) {
                    s += wOut[c] * v[c];
                }
                return new double[] {Math.tanh(s)};
            }));
            return new RandomTcn(sd, specs, ref, seed);
        }

        double[][] input(int frames) {
            Random r = new Random(seed + 1000);
            double[][] x = new double[frames][1];
            for (double[] f : x) {
                f[0] = (float) (r.nextDouble() * 2 - 1);
            }
            return x;
        }

        /** Running statistics far from (0, 1), so a BN that is skipped or misread is visible. */
        private static void putBatchNorm(ObjectNode sd, String p, int c, Random r) {
            ArrayNode gamma = random(r, 1.5, c);
            gamma.set(0, 0.05f); // channel 0's tiny variance below: scale ~1.6 with eps 1e-5, ~1.1 with 1e-3
            sd.set(p + "weight", gamma);
            sd.set(p + "bias", random(r, 0.5, c));
            sd.set(p + "running_mean", random(r, 0.5, c));
            ArrayNode var = sd.putArray(p + "running_var");
            for (int i = 0; i < c; i++) {
                var.add((float) (i == 0 ? 1e-3 : 0.05 + r.nextDouble())); // one tiny variance: eps matters there
            }
            sd.put(p + "num_batches_tracked", 100);
        }
    }

    /** A nested list of float32 values uniform in {@code [-scale, scale)}. */
    private static ArrayNode random(Random r, double scale, int... shape) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < shape[0]; i++) {
            if (shape.length == 1) {
                a.add((float) ((r.nextDouble() * 2 - 1) * scale));
            } else {
                a.add(random(r, scale, Arrays.copyOfRange(shape, 1, shape.length)));
            }
        }
        return a;
    }

    private static ArrayNode floats(int n) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            a.add(0.5f);
        }
        return a;
    }

    private static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    private static float[] floats(double[][] x) {
        float[] f = new float[x.length * x[0].length];
        for (int t = 0; t < x.length; t++) {
            for (int c = 0; c < x[t].length; c++) {
                f[t * x[t].length + c] = (float) x[t][c];
            }
        }
        return f;
    }

    private static Path file(String name) {
        return RtNeuralTestKit.resource("rtneural-torch", name);
    }

    private static double[][] csv(String name) throws IOException {
        return RtNeuralTestKit.csv(file(name));
    }
}
