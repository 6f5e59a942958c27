package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.WaveNet;
import dev.convstream.model.WaveNetConfig;
import dev.convstream.model.nam.NamActivations;
import dev.convstream.model.nam.NamLoader;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A NAM file streaming at 48 kHz: one op is one sample, so the score is ns per sample and the
 * real-time factor is {@code 1e9/48000 / score} (>= 30 is the target at 64-sample blocks). Each
 * invocation processes {@link #SAMPLES} samples in blocks of {@code blockSize}. The model is
 * {@code file} from {@code ../shared/nam} (or {@code -Dconvstream.nam.dir}), with the exact or
 * NAM core's fast {@code tanh}; a container (A2) plays NAM core's default submodel. Without the
 * folder, the A1 standard file is stood in for by a random model of identical shape; any other
 * file fails the trial, naming it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class WaveNetBenchmark {

    static final int SAMPLES = 4096;

    @Param({"16", "64", "256", "1024"})
    public int blockSize;

    @Param({"preferred"})
    public String kernels;

    @Param({"wavenet_a1_standard.nam"})
    public String file;

    @Param({"exact"})
    public String tanh;

    private StreamingModel model;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Kernels k = switch (kernels) {
            case "scalar" -> Kernels.scalar();
            case "vector" -> Kernels.vector();
            default -> Kernels.preferred();
        };
        Path path = namDir().resolve(file);
        if (Files.isRegularFile(path)) {
            model = new NamLoader().withFastTanh(tanh.equals("fast")).load(path).newModel(k);
        } else if (!file.equals("wavenet_a1_standard.nam")) {
            throw new IllegalStateException("no " + path + ": set -Dconvstream.nam.dir to the folder of NAM's files");
        } else {
            WaveNetConfig config = WaveNetConfig.a1Standard();
            Random r = new Random(1);
            float[] w = new float[(int) config.weightCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (r.nextFloat() - 0.5f) * 0.2f;
            }
            model = new WaveNet(tanh.equals("fast") ? config.mapActivations(NamActivations::withFastTanh) : config, w, k);
        }
        model.prepare(blockSize);
        in = new float[SAMPLES];
        Random r = new Random(2);
        for (int i = 0; i < SAMPLES; i++) {
            in[i] = (float) (0.5 * Math.sin(i * 0.05) + 0.1 * r.nextGaussian());
        }
        out = new float[SAMPLES];
    }

    static Path namDir() {
        String prop = System.getProperty("convstream.nam.dir");
        if (prop != null) {
            return Paths.get(prop);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared").resolve("nam"))) {
                return p.resolve("shared").resolve("nam");
            }
        }
        return Paths.get("../shared/nam");
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public float[] stream() {
        for (int t = 0; t < SAMPLES; t += blockSize) {
            model.process(in, t, out, t, Math.min(blockSize, SAMPLES - t));
        }
        return out;
    }
}
