package dev.convstream.bench;

import dev.convstream.bench.peer.PeerCase;
import dev.convstream.bench.peer.PeerCheck;
import dev.convstream.bench.peer.PeerWorkload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * convstream against ONNX Runtime 1.29 (CPU execution provider, MLAS kernels) on the same
 * cases, in one run: {@code convstream} and {@code onnxruntime} share the {@code peerCase} and
 * {@code threads} parameters, so each row pair is directly comparable (ratio:
 * {@code benchmarks/peer-ratios.py} on the JSON result). Cases: see {@link PeerCase}; (a) is
 * run at dilations 1, 8, 64 and 512. Time per call, batch 1: microseconds per forward, or per
 * 64-sample block for (g). {@code threads}: ORT intra-op threads; convstream's offline layers
 * split over that many tasks ({@code withParallelism}); streaming (g) stays on one thread.
 * Setup fails unless both engines agree within {@link PeerCheck#TOLERANCE}.
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar PeerBenchmark -rf json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeerBenchmark {

    @Param({"A_D1", "A_D8", "A_D64", "A_D512", "B_POINTWISE", "C_MONO", "D_DENSE", "E_DEPTHWISE",
            "F_TRANSPOSED", "G_STREAMING"})
    public String peerCase;

    @Param({"1", "2"})
    public int threads;

    private PeerWorkload workload;

    @Setup(Level.Trial)
    public void setUp() {
        PeerCase c = PeerCase.valueOf(peerCase);
        workload = c.open(threads);
        PeerCheck.requireAgreement(c, workload, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workload.close();
    }

    @Benchmark
    public Object convstream() {
        return workload.convstream();
    }

    @Benchmark
    public Object onnxruntime() {
        return workload.onnxruntime();
    }
}
