package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.ElementwiseMath;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * Activations over a 4096-float buffer (time per call; divide by {@code size} for ns/element):
 * the library's families (one FMA-polynomial formula: {@code scalar} in plain Java, {@code vector}
 * lane by lane) against the Vector API's own lanewise {@code TANH} and {@code EXP} (Intel SVML
 * on x86-64), which are faster but not used: their last bits change with JIT state (see
 * VectorElementwiseMath). Each call restores the input first, so the values stay in the
 * interesting range.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MathBenchmark {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"4096"})
    int size;

    private float[] input;
    private float[] x;
    private ElementwiseMath scalar;
    private ElementwiseMath vector;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(7);
        input = new float[size];
        for (int i = 0; i < size; i++) {
            input[i] = (float) (rnd.nextGaussian() * 3);
        }
        x = new float[size];
        scalar = Kernels.scalar().math();
        vector = Kernels.vector().math();
    }

    private float[] fresh() {
        System.arraycopy(input, 0, x, 0, size);
        return x;
    }

    @Benchmark
    public float[] tanhScalar() {
        scalar.tanh(fresh(), 0, size);
        return x;
    }

    @Benchmark
    public float[] tanhVector() {
        vector.tanh(fresh(), 0, size);
        return x;
    }

    @Benchmark
    public float[] tanhLanewise() {
        float[] a = fresh();
        for (int i = 0; i < size; i += S.length()) {
            FloatVector.fromArray(S, a, i).lanewise(VectorOperators.TANH).intoArray(a, i);
        }
        return a;
    }

    @Benchmark
    public float[] sigmoidScalar() {
        scalar.sigmoid(fresh(), 0, size);
        return x;
    }

    @Benchmark
    public float[] sigmoidVector() {
        vector.sigmoid(fresh(), 0, size);
        return x;
    }

    @Benchmark
    public float[] sigmoidLanewise() {
        float[] a = fresh();
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < size; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, a, i).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(one)).intoArray(a, i);
        }
        return a;
    }

    /** The copy alone, to subtract from the others. */
    @Benchmark
    public float[] copyOnly() {
        return fresh();
    }
}
