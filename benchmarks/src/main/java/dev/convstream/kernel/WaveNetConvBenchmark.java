package dev.convstream.kernel;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
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
 * The convs of NAM A1 standard's layers, one block of 64 frames each, alone, against their FMA
 * floor (session 32, issue 18): a layer's dilated k = 3 conv with its fused one-row input mixin
 * ({@code c16d1} .. {@code c16d512}: 16 -> 16 at dilation 1, 8, 64, 512; {@code c8d1},
 * {@code c8d64}: 8 -> 8) and its residual 1x1 from a base ({@code r16}, {@code r8}:
 * {@code y = h + W z + b}, y in the next layer's history). The data lie as the WaveNet stack lays
 * them: one {@link LineAligned} array, every row's frame 0 on a cache line, the input rows at the
 * history's row length, z at stride 64. {@code variant} (so named because JMH orders parameters by
 * name: the two variants of a shape run back to back): {@code general} is the vector family's
 * general tile on unpacked weights ({@code StreamingConvKernel.Fixed.unpacked}: main's path),
 * {@code packed} the family's {@code fix} ({@link VectorPackedStreamingConv},
 * {@link VectorPackedPointwise}). {@code fmaFloor}: the shape's vector FMAs on 16 register
 * accumulators and nothing else. Sample mode, so p0 and p50 are read as in the peer run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class WaveNetConvBenchmark {
    static final int BLOCK = 64;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"c16d1", "c16d8", "c16d64", "c16d512", "c8d1", "c8d64", "r16", "r8"})
    public String shape;

    @Param({"general", "packed"})
    public String variant;

    public float mul = 1.0000001f;
    public float add = 0.9999999f;
    private final float[] seed = new float[S.length()];

    private boolean residual;
    private int channels;
    private int fmas;
    private StreamingConvKernel.Fixed conv;
    private float[] data;
    private int xOff;
    private int rowLength;
    private int zOff;
    private int nextOff;
    private float[] m;
    private final float[] cond = new float[BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        residual = shape.startsWith("r");
        channels = Integer.parseInt(shape.substring(1, shape.indexOf('d') < 0 ? shape.length() : shape.indexOf('d')));
        int d = residual ? 1 : Integer.parseInt(shape.substring(shape.indexOf('d') + 1));
        int k = residual ? 1 : 3;
        int history = d * (k - 1);
        Random r = new Random(32);
        float[] w = random(r, channels * channels * k);
        float[] b = random(r, channels);
        m = random(r, channels);
        StreamingConvKernel family = Kernels.vector().streamingConv().forShape(channels, k, d);
        conv = variant.equals("packed") ? family.fix(channels, channels, k, d, w, 0, b, 0)
                : StreamingConvKernel.Fixed.unpacked(family, channels, channels, k, d, w, 0, b, 0);
        int front = (int) LineAligned.roundUp(history);
        rowLength = (int) LineAligned.roundUp(front + 8L * BLOCK);
        data = LineAligned.allocate(3L * channels * rowLength + (long) channels * BLOCK);
        Random f = new Random(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) f.nextGaussian();
        }
        for (int i = 0; i < BLOCK; i++) {
            cond[i] = (float) f.nextGaussian();
        }
        xOff = LineAligned.ORIGIN + front;
        nextOff = LineAligned.ORIGIN + channels * rowLength + front;
        zOff = LineAligned.ORIGIN + 2 * channels * rowLength;
        int lanes = S.length();
        fmas = channels * BLOCK / lanes * channels * k + (residual ? 0 : channels * BLOCK / lanes);
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * 0.1f;
        }
        return a;
    }

    @Benchmark
    public Object kernel() {
        if (residual) {
            // h + W z + b: z (stride 64) in, h (this layer's history) the base, y the next layer's rows
            conv.correlateOnto(data, zOff, BLOCK, data, xOff, rowLength, data, nextOff, rowLength, BLOCK);
        } else {
            conv.correlateWithMixin(data, xOff, rowLength, m, 0, cond, 0, data, zOff, BLOCK, BLOCK);
        }
        return data;
    }

    /** The shape's vector FMAs on 16 independent register accumulators, no loads or stores. */
    @Benchmark
    public float fmaFloor() {
        return FmaFloor.run(seed, mul, add, fmas / 16);
    }
}
