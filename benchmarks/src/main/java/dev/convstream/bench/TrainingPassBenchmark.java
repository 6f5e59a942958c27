package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.train.A1Architecture;
import dev.convstream.train.TrainableModel;
import dev.convstream.train.WaveNetA1Trainable;
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
 * One training segment of an A1 WaveNet on one thread: {@link WaveNetA1Trainable#forward} and
 * {@link WaveNetA1Trainable#backward} over {@code predictions} outputs (NAM's trainer uses 8,192
 * per segment), the input being that plus the receptive field minus one. The score is
 * milliseconds per segment; training samples per second per thread are
 * {@code predictions / score * 1000}. The optimiser step and the data-parallel loop are the
 * trainer's ({@code trainloop}'s benchmark); this isolates the passes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingPassBenchmark {

    @Param({"nano", "feather", "standard"})
    public String arch;

    @Param({"8192"})
    public int predictions;

    @Param({"preferred"})
    public String kernels;

    private WaveNetA1Trainable model;
    private TrainableModel.Workspace ws;
    private float[] input;
    private float[] prediction;
    private float[] predictionGrad;
    private float[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels k = switch (kernels) {
            case "scalar" -> Kernels.scalar();
            case "vector" -> Kernels.vector();
            default -> Kernels.preferred();
        };
        A1Architecture a = A1Architecture.parse(arch);
        model = new WaveNetA1Trainable(a.config(), a.newModel(1).parameters(), k);
        int length = predictions + model.receptiveField() - 1;
        ws = model.workspace(length);
        Random r = new Random(2);
        input = new float[length];
        for (int i = 0; i < length; i++) {
            input[i] = (float) (0.5 * r.nextGaussian());
        }
        prediction = new float[predictions];
        predictionGrad = new float[predictions];
        for (int i = 0; i < predictions; i++) {
            predictionGrad[i] = (float) (r.nextGaussian() / predictions);
        }
        grad = new float[model.parameterCount()];
    }

    @Benchmark
    public float forwardBackward() {
        model.forward(ws, input, 0, input.length, prediction);
        model.backward(ws, predictionGrad, grad);
        return grad[0];
    }

    @Benchmark
    public float forwardOnly() {
        model.forward(ws, input, 0, input.length, prediction);
        return prediction[0];
    }
}
