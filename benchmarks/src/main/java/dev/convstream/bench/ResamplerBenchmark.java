package dev.convstream.bench;

import be.tarsos.dsp.resample.Resampler;
import dev.convstream.resample.StreamingResampler;
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

import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One channel, 0.1 s of audio per call, microseconds per call: conv-core's polyphase resampler
 * ({@code polyphase}, streaming, blocks of {@value #BLOCK}), the same filter as a direct FIR
 * ({@code direct}, {@link DirectResampler}: the zero-stuffed convolution), and TarsosDSP's
 * resampler in its high-quality mode ({@code tarsos}, libresample4j, fed the same blocks).
 * Band figures of the same resamplers: {@link ResamplerBandReport}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class ResamplerBenchmark {

    static final int BLOCK = 512;

    @Param({"44100:16000", "48000:44100", "8000:16000"})
    public String rates;

    @Param({"polyphase", "direct", "tarsos"})
    public String impl;

    private float[] x;
    private StreamingResampler stream;
    private float[] out;
    private DirectResampler direct;
    private float[] stuffed;
    private Resampler tarsos;
    private double factor;
    private FloatBuffer tarsosIn;
    private FloatBuffer tarsosOut;

    @Setup(Level.Trial)
    public void setUp() {
        String[] r = rates.split(":");
        int in = Integer.parseInt(r[0]);
        int outRate = Integer.parseInt(r[1]);
        Random random = new Random(5);
        x = new float[in / 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 0.3);
        }
        dev.convstream.resample.Resampler ours = new dev.convstream.resample.Resampler(in, outRate);
        stream = ours.newStream();
        out = new float[stream.maxOutput(x.length) + stream.maxOutput(BLOCK)];
        direct = new DirectResampler(ours);
        stuffed = direct.stuff(x);
        factor = (double) outRate / in;
        tarsos = new Resampler(true, factor, factor);
        tarsosIn = FloatBuffer.allocate(BLOCK);
        tarsosOut = FloatBuffer.allocate(out.length);
        if (impl.equals("direct")) {
            out = new float[ours.outputLength(x.length)];
        }
    }

    @Benchmark
    public float[] resample() {
        switch (impl) {
            case "polyphase" -> {
                int o = 0;
                for (int i = 0; i < x.length; i += BLOCK) {
                    o += stream.process(x, i, Math.min(BLOCK, x.length - i), out, o);
                }
            }
            case "direct" -> direct.run(stuffed, out);
            case "tarsos" -> {
                tarsosOut.clear();
                for (int i = 0; i < x.length; i += BLOCK) {
                    tarsosIn.clear();
                    tarsosIn.put(x, i, Math.min(BLOCK, x.length - i)).flip();
                    tarsos.process(factor, tarsosIn, false, tarsosOut);
                }
            }
            default -> throw new IllegalArgumentException("impl " + impl);
        }
        return out;
    }
}
