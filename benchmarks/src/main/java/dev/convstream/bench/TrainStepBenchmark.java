package dev.convstream.bench;

import dev.convstream.train.A1Architecture;
import dev.convstream.train.Trainer;
import dev.convstream.train.TrainingConfig;
import dev.convstream.train.TrainingData;
import dev.convstream.train.TrainingListener;
import dev.convstream.train.TrainableModel;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput: samples per second of forward + backward + Adam through
 * {@link Trainer}, NAM's default batch (16 segments of 8192 predictions), pre-emphasised ESR.
 * One op is one predicted sample; an invocation is {@value #STEPS} steps of one epoch, whose
 * validation runs on a section of 256 predictions (about 1/500 of the steps' forward work).
 * The peer is {@code src/main/python/train_throughput_torch.py}, the same network and step in
 * PyTorch on CPU; {@code scripts/train-throughput.sh} runs both in one go.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class TrainStepBenchmark {
    static final int BATCH = TrainingConfig.NAM_BATCH;
    static final int SEGMENT = TrainingConfig.NAM_SEGMENT;
    static final int STEPS = 2;

    @Param({"nano", "feather", "standard"})
    public String arch;

    @Param({"1", "2"})
    public int threads;

    private TrainingData data;
    private Trainer trainer;

    @Setup(Level.Trial)
    public void data() {
        TrainableModel model = A1Architecture.parse(arch).newModel(0);
        int rf = model.receptiveField();
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[BATCH * SEGMENT + rf - 1];
        float[] v = new float[256 + rf - 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        data = new TrainingData(x, tanh(x), v, tanh(v), 48_000);
    }

    private static float[] tanh(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) Math.tanh(2 * x[i]);
        }
        return y;
    }

    @Setup(Level.Invocation)
    public void trainer() {
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withStepsPerEpoch(STEPS)
                .withThreads(threads);
        trainer = new Trainer(A1Architecture.parse(arch).newModel(0), data, config, TrainingListener.NONE, null);
    }

    @TearDown(Level.Invocation)
    public void close() {
        trainer.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * BATCH * SEGMENT)
    public Object trainSteps() throws IOException {
        return trainer.train();
    }
}
