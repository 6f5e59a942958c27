package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Conv1d;
import dev.convstream.layer.Conv2d;
import dev.convstream.layer.ConvTranspose2d;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import static dev.convstream.bench.RandomTensors.gaussian;

/**
 * Offline convolution layers, fp32, batch 1, one thread, per kernel family ({@code impl}).
 * Time per {@code forward} (allocation of the output included, as offline callers pay it;
 * scratch is reused per layer and thread). {@link PeerBenchmark} times the same cases into a
 * reused output, side by side with ONNX Runtime. GFLOP/s = 2 * MACs / time; the MAC count of each case ({@code Layer.macs}):
 * <table>
 * <caption>cases</caption>
 * <tr><th>benchmark</th><th>case</th><th>MACs</th></tr>
 * <tr><td>conv1dDilated</td><td>(a) conv1d 16->32, k3, causal, dilation 1/8/64/512, L=4096</td>
 *     <td>32*4096*16*3 = 6,291,456 (each dilation)</td></tr>
 * <tr><td>conv1dPointwise</td><td>(b) 1x1 conv1d 16->16, L=4096</td><td>16*4096*16 = 1,048,576</td></tr>
 * <tr><td>conv2dMono</td><td>(c) conv2d 1->32, 128x512, 3x3, pad 1</td><td>32*128*512*9 = 18,874,368</td></tr>
 * <tr><td>conv2dDense</td><td>(d) conv2d 64->64, 56x56, 3x3, pad 1</td><td>64*56*56*64*9 = 115,605,504</td></tr>
 * <tr><td>conv2dDepthwise</td><td>(e) depthwise 3x3, 128 ch, 56x56, pad 1</td><td>128*56*56*9 = 3,612,672</td></tr>
 * <tr><td>convTranspose2d</td><td>(f) conv_transpose2d 64->32, 28x28, k4 s2 p1 (56x56 out)</td>
 *     <td>64*28*28*32*16 = 25,690,112</td></tr>
 * </table>
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ConvBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class ConvBenchmark {

    static Kernels kernels(String impl) {
        switch (impl) {
            case "scalar":
                return Kernels.scalar();
            case "vector":
                return Kernels.vector();
            default:
                throw new IllegalArgumentException("impl must be scalar or vector, found " + impl);
        }
    }

    /** Case (a), with its own dilation parameter so that it does not multiply the other cases. */
    @State(Scope.Thread)
    public static class Dilated {
        @Param({"scalar", "vector"})
        String impl;

        @Param({"1", "8", "64", "512"})
        int dilation;

        Conv1d layer;
        Tensor input;

        @Setup
        public void setup() {
            Random r = new Random(1);
            Conv1dSpec spec = Conv1dSpec.builder(16, 32, 3).dilation(dilation).causal().build();
            layer = new Conv1d(spec, gaussian(r, spec.weightShape()), gaussian(r, 32), kernels(impl));
            input = gaussian(r, 1, 16, 4096);
        }
    }

    /** Cases (b) to (f). */
    @State(Scope.Thread)
    public static class Cases {
        @Param({"scalar", "vector"})
        String impl;

        Conv1d pointwise;
        Tensor pointwiseInput;
        Conv2d mono;
        Tensor monoInput;
        Conv2d dense;
        Tensor denseInput;
        Conv2d depthwise;
        Tensor depthwiseInput;
        ConvTranspose2d transposed;
        Tensor transposedInput;

        @Setup
        public void setup() {
            Random r = new Random(2);
            Kernels k = kernels(impl);
            Conv1dSpec b = Conv1dSpec.builder(16, 16, 1).build();
            pointwise = new Conv1d(b, gaussian(r, b.weightShape()), gaussian(r, 16), k);
            pointwiseInput = gaussian(r, 1, 16, 4096);
            Conv2dSpec c = Conv2dSpec.builder(1, 32, 3).padding(1).build();
            mono = new Conv2d(c, gaussian(r, c.weightShape()), gaussian(r, 32), k);
            monoInput = gaussian(r, 1, 1, 128, 512);
            Conv2dSpec d = Conv2dSpec.builder(64, 64, 3).padding(1).build();
            dense = new Conv2d(d, gaussian(r, d.weightShape()), gaussian(r, 64), k);
            denseInput = gaussian(r, 1, 64, 56, 56);
            Conv2dSpec e = Conv2dSpec.builder(128, 128, 3).groups(128).padding(1).build();
            depthwise = new Conv2d(e, gaussian(r, e.weightShape()), gaussian(r, 128), k);
            depthwiseInput = gaussian(r, 1, 128, 56, 56);
            ConvTranspose2dSpec f = ConvTranspose2dSpec.of(64, 32, 4, 2, 1, 0, 1, 1, true);
            transposed = new ConvTranspose2d(f, gaussian(r, f.weightShape()), gaussian(r, 32), k);
            transposedInput = gaussian(r, 1, 64, 28, 28);
        }
    }

    @Benchmark
    public Tensor conv1dDilated(Dilated s) {
        return s.layer.forward(s.input);
    }

    @Benchmark
    public Tensor conv1dPointwise(Cases s) {
        return s.pointwise.forward(s.pointwiseInput);
    }

    @Benchmark
    public Tensor conv2dMono(Cases s) {
        return s.mono.forward(s.monoInput);
    }

    @Benchmark
    public Tensor conv2dDense(Cases s) {
        return s.dense.forward(s.denseInput);
    }

    @Benchmark
    public Tensor conv2dDepthwise(Cases s) {
        return s.depthwise.forward(s.depthwiseInput);
    }

    @Benchmark
    public Tensor convTranspose2d(Cases s) {
        return s.transposed.forward(s.transposedInput);
    }
}
