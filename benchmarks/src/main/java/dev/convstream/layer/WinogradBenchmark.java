package dev.convstream.layer;

import static dev.convstream.bench.RandomTensors.gaussian;

import dev.convstream.kernel.Kernels;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Conv2d}'s Winograd path against the direct (shifted) path on dense 3x3 stride-1 pad-1
 * layers, batch 1, into a reused output: where the channel threshold
 * ({@link Conv2d#WINOGRAD_MIN_CHANNELS}) and the block size ({@link WinogradConv#DEFAULT_BLOCK_TILES})
 * come from. It lives in the layer's package because forcing a path and a block size is
 * package-private. Run:
 * {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar WinogradBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class WinogradBenchmark {

    /** {@code direct} (the shifted path) or {@code winograd}. */
    @Param({"direct", "winograd"})
    String path;

    /** Input and output channels. */
    @Param({"64"})
    int channels;

    /** Height and width of the input. */
    @Param({"56"})
    int size;

    /** Tiles per block on the Winograd path. */
    @Param({"48"})
    int blockTiles;

    @Param({"1"})
    int threads;

    Conv2d layer;
    Tensor input;
    Tensor output;

    @Setup
    public void setup() {
        Random r = new Random(14);
        Conv2dSpec spec = Conv2dSpec.builder(channels, channels, 3).padding(1).build();
        Conv2d.Path forced = "winograd".equals(path) ? Conv2d.Path.WINOGRAD : Conv2d.Path.SHIFTED;
        layer = new Conv2d(spec, gaussian(r, spec.weightShape()), gaussian(r, channels), Kernels.preferred(), forced,
                ColumnTiles.DEFAULT_BUDGET, true, blockTiles).withParallelism(threads);
        input = gaussian(r, 1, channels, size, size);
        output = Tensor.zeros(spec.outputShape(input.shape()));
    }

    @Benchmark
    public Tensor forward() {
        layer.forward(input, output);
        return output;
    }
}
