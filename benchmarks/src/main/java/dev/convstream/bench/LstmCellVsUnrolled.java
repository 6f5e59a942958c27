package dev.convstream.bench;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamLoader;

/**
 * {@code lstm.nam} on the preferred (Vector API) family and on the scalar family in one JVM,
 * rounds of 4096 samples in blocks of 64 taken in turn, best wall-clock round of each: with fast
 * tanh that is the vector family's cell against {@code LstmUnrolled}, with exact tanh the same
 * code twice (a check of the harness, ratio ~1). The best of thousands of alternating rounds is
 * what a loaded machine still measures fairly: a round the scheduler interrupted is never the
 * best, and both models meet the same load.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.LstmCellVsUnrolled [fast|exact [seconds]]}.
 */
public final class LstmCellVsUnrolled {

    private LstmCellVsUnrolled() {
    }

    public static void main(String[] args) throws Exception {
        String tanh = args.length > 0 ? args[0] : "fast";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        NamLoader loader = new NamLoader().withFastTanh(tanh.equals("fast"));
        StreamingModel vector = loader.load(WaveNetBenchmark.namDir().resolve("lstm.nam")).newModel(Kernels.preferred());
        StreamingModel scalar = loader.load(WaveNetBenchmark.namDir().resolve("lstm.nam")).newModel(Kernels.scalar());
        vector.prepare(64);
        scalar.prepare(64);
        int n = LstmBenchmark.SAMPLES;
        float[] in = new float[n];
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = (float) (0.5 * Math.sin(i * 0.05));
        }
        long bestVector = Long.MAX_VALUE;
        long bestScalar = Long.MAX_VALUE;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            bestVector = Math.min(bestVector, round(vector, in, out));
            bestScalar = Math.min(bestScalar, round(scalar, in, out));
        }
        double v = bestVector / (double) n;
        double s = bestScalar / (double) n;
        System.out.printf("lstm.nam block 64, %s tanh: vector family %.1f ns/sample (%.0fx real time at 48 kHz),"
                + " scalar family %.1f ns/sample (%.0fx), vector / scalar %.2f%n",
                tanh, v, 1e9 / 48_000 / v, s, 1e9 / 48_000 / s, v / s);
    }

    private static long round(StreamingModel model, float[] in, float[] out) {
        long t0 = System.nanoTime();
        for (int t = 0; t < in.length; t += 64) {
            model.process(in, t, out, t, 64);
        }
        return System.nanoTime() - t0;
    }
}
