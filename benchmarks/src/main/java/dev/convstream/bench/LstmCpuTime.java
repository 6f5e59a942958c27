package dev.convstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link LstmBenchmark}'s setups (lstm.nam, blocks of 64, exact and fast tanh) timed by this
 * thread's CPU time, best and median of many 4096-sample rounds, as {@link StreamingCpuTime}
 * times the WaveNet: on a shared machine wall-clock scores include time spent descheduled.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.LstmCpuTime [seconds per case [scalar|preferred [exact|fast]]]}.
 */
public final class LstmCpuTime {

    private LstmCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // One JVM per choice gives each its own JIT profile, as in a player: pass exact or fast.
        for (String tanh : args.length > 2 ? new String[] {args[2]} : new String[] {"exact", "fast"}) {
            LstmBenchmark b = new LstmBenchmark();
            b.blockSize = 64;
            b.tanh = tanh;
            b.kernels = args.length > 1 ? args[1] : "preferred";
            b.setUp();
            double[] t = StreamingCpuTime.time(threads, b::stream, 1, seconds);
            double best = t[0] / LstmBenchmark.SAMPLES;
            double median = t[1] / LstmBenchmark.SAMPLES;
            System.out.printf("lstm.nam block 64, %s tanh: best %.1f ns/sample (%.0fx real time at 48 kHz), median %.1f (%.0fx)%n",
                    tanh, best, 1e9 / 48_000 / best, median, 1e9 / 48_000 / median);
        }
    }
}
