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
 * One channel of streaming FIR, blocks of {@value #BLOCK} frames, microseconds per block
 * (divide by {@value #BLOCK} for per sample): {@code direct} runs every tap in the time domain
 * (the response as one head), {@code partitioned} with the partition
 * {@link PartitionedResponse#partitionFor} would choose for a response longer than the
 * direct crossover. Where the two cross is {@link PartitionedResponse#DIRECT_MAX_TAPS}.
 * {@code direct} past a few thousand taps needs a {@code taps x BLOCK} im2col buffer and is
 * not a real option; measure it only for short responses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FirBenchmark {

    static final int BLOCK = 256;

    @Param({"64", "96", "128", "192", "256", "512", "1279"})
    public int taps;

    @Param({"direct", "partitioned"})
    public String path;

    @Param({"vector"})
    public String kernels;

    private ZeroLatencyConvolver conv;
    private float[] in;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = kernels.equals("scalar") ? Kernels.scalar() : Kernels.vector();
        Random r = new Random(3);
        float[] h = new float[taps];
        for (int i = 0; i < taps; i++) {
            h[i] = (float) (r.nextGaussian() * Math.exp(-i / 200.0));
        }
        int partition = path.equals("direct")
                ? Integer.highestOneBit(Math.max(1, taps - 1)) << 1
                : PartitionedResponse.partitionFor(Math.max(taps, PartitionedResponse.DIRECT_MAX_TAPS + 1));
        conv = new ZeroLatencyConvolver(new PartitionedResponse(h, partition), k);
        conv.prepare(BLOCK);
        in = new float[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            in[i] = r.nextFloat() - 0.5f;
        }
        out = new float[BLOCK];
    }

    @Benchmark
    public float[] block() {
        conv.process(in, 0, out, 0, BLOCK);
        return out;
    }
}
