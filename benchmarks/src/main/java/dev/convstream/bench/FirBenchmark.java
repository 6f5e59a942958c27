package dev.convstream.bench;

import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One channel of streaming FIR, blocks of {@code frames} frames (64 unless given), microseconds
 * per block (divide by {@code frames} for per sample). {@code partition}: {@code direct} runs
 * every tap in the time domain (the response as one head), {@code plan} cuts the response as the family's
 * {@link dev.convstream.kernel.FirPlan} does (what {@code model.Fir} and the convolver run), a
 * number forces that partition size (head of that many taps, FFT tail). Where {@code direct}
 * and the best partition cross is {@code FirPlan.directMaxTaps}; BENCHMARKS.md, "Single-channel
 * FIR, second round". JMH interleaves nothing by itself: run the cases to be compared in one
 * invocation so they share the machine's load.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FirBenchmark {

    @Param({"256", "512", "1024", "1279", "2048", "96000"})
    public int taps;

    @Param({"direct", "plan"})
    public String partition;

    @Param({"vector"})
    public String kernels;

    /** Frames per block: the partitioned tail's share per block depends on it, the direct head's hardly. */
    @Param({"64"})
    public int frames = 64;

    private ZeroLatencyConvolver conv;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.vector();
        Random r = new Random(3);
        float[] h = new float[taps];
        for (int i = 0; i < taps; i++) {
            h[i] = (float) (r.nextGaussian() * Math.exp(-i / 2000.0));
        }
        PartitionedResponse response = switch (partition) {
            case "plan" -> PartitionedResponse.of(h, k);
            case "direct" -> new PartitionedResponse(h, Integer.highestOneBit(Math.max(1, taps - 1)) << 1);
            default -> new PartitionedResponse(h, Integer.parseInt(partition));
        };
        conv = new ZeroLatencyConvolver(response, k);
        conv.prepare(frames);
        in = new float[frames];
        for (int i = 0; i < frames; i++) {
            in[i] = r.nextFloat() - 0.5f;
        }
        out = new float[frames];
    }

    @Benchmark
    public float[] block() {
        conv.process(in, 0, out, 0, frames);
        return out;
    }
}
