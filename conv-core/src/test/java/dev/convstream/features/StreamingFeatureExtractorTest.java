package dev.convstream.features;

import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live features equal the offline ones, for any block sizes, without allocating. */
class StreamingFeatureExtractorTest {
    static final int RATE = 16000;
    static final int[][] BLOCKINGS = {{1}, {7}, {64}, {511}, {3, 160, 1, 999, 17, 64, 2, 511}};

    static LogMelConfig config() {
        return LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(32).center(false).topDb(Double.NaN).build();
    }

    static float[] signal(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * 523.25 * i / RATE) + 0.05 * r.nextGaussian());
        }
        return x;
    }

    static final String ARCH = "{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":1,\"mel_bands\":32},\"layers\":["
            + "{\"type\":\"batchnorm2d\",\"name\":\"norm\",\"num_features\":1},"
            + "{\"type\":\"conv2d\",\"name\":\"c1\",\"in_channels\":1,\"out_channels\":6,\"kernel_size\":[3,3],"
            + "\"padding\":[[2,0],[1,1]]},"
            + "{\"type\":\"activation\",\"function\":\"relu\"},"
            + "{\"type\":\"maxpool2d\",\"kernel_size\":[1,2]},"
            + "{\"type\":\"dwsep_conv2d\",\"name\":\"c2\",\"in_channels\":6,\"out_channels\":8,\"kernel_size\":[3,3],"
            + "\"dilation\":[2,1],\"padding\":[[2,2],[1,1]]},"
            + "{\"type\":\"activation\",\"function\":\"tanh\"},"
            + "{\"type\":\"global_avg_pool\"}]}";

    static FeatureExtractor cnn(Kernels kernels) {
        CnnArchitecture arch = CnnArchitecture.parse(ARCH);
        Random r = new Random(3);
        Map<String, Tensor> w = new LinkedHashMap<>();
        CnnWeights.required(arch).forEach((name, shape) -> {
            Tensor t = Tensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = (float) (0.5 * r.nextGaussian());
            }
            w.put(name, t);
        });
        // dB values around -40 +- 20: normalise them to O(1) as a trained first batch norm would
        w.put("norm.running_mean", Tensor.of(new float[] {-40f}, 1));
        w.put("norm.running_var", Tensor.of(new float[] {400f}, 1));
        w.put("norm.weight", Tensor.of(new float[] {1f}, 1));
        w.put("norm.bias", Tensor.of(new float[] {0f}, 1));
        return new FeatureExtractor(arch, CnnWeights.of(arch, w), kernels);
    }

    static float[] runStream(StreamingFeatureExtractor s, float[] x, int[] blocks) {
        int size = s.featureSize();
        float[] all = new float[(x.length / s.config().stft().hop() + 2) * size];
        float[] out = new float[s.maxFrames(1000) * size];
        int pos = 0;
        int frames = 0;
        for (int b = 0; pos < x.length; b++) {
            int len = Math.min(blocks[b % blocks.length], x.length - pos);
            int n = s.process(x, pos, len, out, 0);
            assertTrue(n <= s.maxFrames(len));
            System.arraycopy(out, 0, all, frames * size, n * size);
            frames += n;
            pos += len;
        }
        return java.util.Arrays.copyOf(all, frames * size);
    }

    @Test
    void logMelStreamIsBitIdenticalToOfflineForEveryBlocking() {
        float[] x = signal(RATE, 1);
        Tensor offline = new LogMelSpectrogram(config()).compute(x, RATE);
        int frames = offline.dim(2);
        int mels = offline.dim(3);
        for (int[] blocks : BLOCKINGS) {
            StreamingFeatureExtractor s = new StreamingFeatureExtractor(config(), null);
            float[] got = runStream(s, x, blocks);
            assertEquals(frames * mels, got.length, "frames for blocks " + java.util.Arrays.toString(blocks));
            for (int t = 0; t < frames; t++) {
                for (int m = 0; m < mels; m++) {
                    assertEquals(offline.data()[t * mels + m], got[t * mels + m], 0f,
                            "blocks " + java.util.Arrays.toString(blocks) + " frame " + t + " mel " + m);
                }
            }
        }
    }

    /**
     * CNN features: the stream equals forwardFrames of the offline log-mel delayed by the
     * declared delay (2 frames: the dwsep block's symmetric time padding). Per-frame GEMMs sum in
     * another order than the offline im2col, so 1e-5 relative (+1e-5 absolute) on O(1) values.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void cnnStreamEqualsOfflineWithDeclaredDelay(Kernels kernels) {
        float[] x = signal(RATE, 2);
        FeatureExtractor fx = cnn(kernels);
        Tensor offline = fx.forwardFrames(new LogMelSpectrogram(config()).compute(x, RATE));
        int c = offline.dim(1);
        int frames = offline.dim(2);
        for (int[] blocks : BLOCKINGS) {
            StreamingFeatureExtractor s = new StreamingFeatureExtractor(config(), fx.streaming());
            assertEquals(2, s.delayFrames());
            float[] got = runStream(s, x, blocks);
            int streamed = got.length / c;
            assertEquals(new LogMelSpectrogram(config()).frames(x.length), streamed);
            for (int t = 0; t < streamed; t++) {
                int j = t - s.delayFrames();
                for (int ch = 0; ch < c; ch++) {
                    float want = j < 0 ? 0f : offline.data()[ch * frames + j];
                    assertEquals(want, got[t * c + ch], 1e-5 * (1 + Math.abs(want)),
                            "blocks " + java.util.Arrays.toString(blocks) + " frame " + t + " ch " + ch);
                }
            }
        }
    }

    /**
     * Once the JIT has compiled the hot path, a whole pass (mixed block sizes, reset, log-mel,
     * CNN) allocates nothing. Until then the interpreter and C1 allocate: with the vector
     * kernels the Vector API boxes every FloatVector there (~28 KB per frame, a JFR profile
     * puts it in VectorGemm's micro-kernel), and C2 takes about 100 passes of 0.5 s of audio
     * to install the intrinsified version on this machine. So passes are measured until one
     * is clean, up to 1000; an allocation in our code would show in every pass and fail.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    @Tag("allocation")
    void processDoesNotAllocateAfterConstruction(Kernels kernels) {
        StreamingFeatureExtractor s = new StreamingFeatureExtractor(config(), cnn(kernels).streaming());
        float[] x = signal(RATE / 2, 4);
        float[] out = new float[s.maxFrames(511) * s.featureSize()];
        int[] blocks = {1, 7, 64, 511, 33};
        long allocated = new AllocationMeter().allocatedOnceWarm(() -> { }, () -> feed(s, x, blocks, out), 1000);
        assertEquals(0, allocated, "bytes allocated while processing " + x.length + " samples, after JIT warm-up");
    }

    private static void feed(StreamingFeatureExtractor s, float[] x, int[] blocks, float[] out) {
        s.reset();
        int pos = 0;
        for (int b = 0; pos < x.length; b++) {
            int len = Math.min(blocks[b % blocks.length], x.length - pos);
            s.process(x, pos, len, out, 0);
            pos += len;
        }
    }

    @Test
    void clipLevelOptionsAndCentringAreRejected() {
        LogMelConfig centred = LogMelConfig.builder(RATE).nFft(512).hop(160).topDb(Double.NaN).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamingFeatureExtractor(centred, null))
                .getMessage().contains("center=false"));
        LogMelConfig clipped = LogMelConfig.builder(RATE).nFft(512).hop(160).center(false).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamingFeatureExtractor(clipped, null))
                .getMessage().contains("top_db"));
        LogMelConfig norm = LogMelConfig.builder(RATE).nFft(512).hop(160).center(false).topDb(Double.NaN)
                .bandNormalization(true).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamingFeatureExtractor(norm, null))
                .getMessage().contains("normalisation"));
    }
}
