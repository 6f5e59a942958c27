package dev.convstream.bench;

import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.StreamingFeatureExtractor;
import dev.convstream.features.cnn.CnnArchitecture;
import dev.convstream.features.cnn.CnnWeights;
import dev.convstream.kernel.Kernels;
import dev.convstream.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Spectrogram features; every score is <b>seconds of audio per second</b> (ops/s where one
 * op is one second of audio: each invocation handles a {@value #SECONDS} s clip at 16 kHz).
 *
 * <ul>
 * <li>{@code logMel}: offline front end, n_fft 512, hop 160 (100 frames/s), 64 Slaney mels,
 *     top_db 80;</li>
 * <li>{@code cnn}: the offline CNN on that log-mel ({@code [1][1][1001][64]}): 4 blocks of
 *     conv 3x3 (same padding) + batch norm + ReLU + max pool 2x2, channels 32, 64, 128, 128,
 *     then global average pooling; about 75 MMAC per second of audio (1.8, 29.5, 29.5 and
 *     14.2 M for the four convolutions);</li>
 * <li>{@code liveLogMelCnn}: the streaming path, 160-sample blocks through
 *     {@link StreamingFeatureExtractor} with the same 4 blocks, pooling over mel only (time
 *     pooling cannot stream frame by frame) and causal time padding.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FeaturesBenchmark {
    static final int RATE = 16000;
    static final int SECONDS = 10;
    static final int MELS = 64;
    static final int BLOCK = 160;

    @Param({"scalar", "vector"})
    public String kernels;

    private float[] audio;
    private LogMelSpectrogram front;
    private Tensor logMel;
    private FeatureExtractor cnn;
    private StreamingFeatureExtractor live;
    private float[] liveOut;

    static String arch(boolean streamable) {
        StringBuilder json = new StringBuilder("{\"format\":\"convstream.cnn/1\",\"input\":{\"channels\":1,\"mel_bands\":"
                + MELS + "},\"layers\":[");
        int[] channels = {1, 32, 64, 128, 128};
        String padding = streamable ? "[[2,0],[1,1]]" : "[[1,1],[1,1]]";
        String pool = streamable ? "[1,2]" : "[2,2]";
        for (int b = 0; b < 4; b++) {
            json.append("{\"type\":\"conv2d\",\"name\":\"features.").append(4 * b).append("\",\"in_channels\":")
                    .append(channels[b]).append(",\"out_channels\":").append(channels[b + 1])
                    .append(",\"kernel_size\":[3,3],\"padding\":").append(padding).append(",\"bias\":false},")
                    .append("{\"type\":\"batchnorm2d\",\"name\":\"features.").append(4 * b + 1)
                    .append("\",\"num_features\":").append(channels[b + 1]).append("},")
                    .append("{\"type\":\"activation\",\"function\":\"relu\"},")
                    .append("{\"type\":\"maxpool2d\",\"kernel_size\":").append(pool).append("},");
        }
        return json.append("{\"type\":\"global_avg_pool\"}]}").toString();
    }

    static FeatureExtractor extractor(String json, Kernels k) {
        CnnArchitecture a = CnnArchitecture.parse(json);
        Random r = new Random(1);
        Map<String, Tensor> w = new LinkedHashMap<>();
        CnnWeights.required(a).forEach((name, shape) -> {
            Tensor t = Tensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = name.endsWith("running_var") ? 1f + r.nextFloat() : (float) (0.1 * r.nextGaussian());
            }
            w.put(name, t);
        });
        return new FeatureExtractor(a, CnnWeights.of(a, w), k);
    }

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.vector();
        Random r = new Random(7);
        audio = new float[RATE * SECONDS];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / RATE) + 0.05 * r.nextGaussian());
        }
        front = new LogMelSpectrogram(LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(MELS).build());
        logMel = front.compute(audio, RATE);
        cnn = extractor(arch(false), k);
        LogMelConfig liveConfig = LogMelConfig.builder(RATE).nFft(512).hop(160).nMels(MELS).center(false)
                .topDb(Double.NaN).build();
        live = new StreamingFeatureExtractor(liveConfig, extractor(arch(true), k).streaming());
        liveOut = new float[live.maxFrames(BLOCK) * live.featureSize()];
    }

    @Benchmark
    @OperationsPerInvocation(SECONDS)
    public Tensor logMel() {
        return front.compute(audio, RATE);
    }

    @Benchmark
    @OperationsPerInvocation(SECONDS)
    public Tensor cnn() {
        return cnn.forward(logMel);
    }

    @Benchmark
    @OperationsPerInvocation(SECONDS)
    public void liveLogMelCnn(Blackhole bh) {
        live.reset();
        for (int pos = 0; pos < audio.length; pos += BLOCK) {
            bh.consume(live.process(audio, pos, BLOCK, liveOut, 0));
        }
        bh.consume(liveOut);
    }
}
