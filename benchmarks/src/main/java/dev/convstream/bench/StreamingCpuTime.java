package dev.convstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The streaming benchmarks timed by this thread's CPU time instead of wall time, best of many
 * short rounds: on a machine shared with other jobs, wall-clock JMH scores include time spent
 * descheduled, CPU time does not (cache and SMT interference still show). Prints ns/sample and
 * the real-time factor at 48 kHz for WaveNetBenchmark's setups (blocks 16, 64, 256, 1024), and
 * us/block for StreamingConvBenchmark's layer.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.StreamingCpuTime [seconds per case [WaveNet block sizes, e.g. 64,256
 * [NAM files, e.g. A2.nam,wavenet_a1_standard.nam [exact|fast]]]]}; with block sizes given, only
 * those WaveNet cases run (handy under a profiler), on the A1 standard file with the exact tanh
 * unless files and a tanh are given.
 */
public final class StreamingCpuTime {

    private StreamingCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        int[] blocks = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {16, 64, 256, 1024};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String kernels : args.length > 1 ? new String[0] : new String[] {"vector", "scalar"}) {
            StreamingConvBenchmark conv = new StreamingConvBenchmark();
            conv.kernels = kernels;
            conv.setUp();
            double[] t = time(threads, conv::block, 1000, seconds);
            System.out.printf("StreamingConv 16->32 k3 d64, 64-frame blocks, %s: best %.3f, median %.3f us/block%n",
                    kernels, t[0] / 1e3, t[1] / 1e3);
        }
        String[] files = args.length > 2 ? args[2].split(",") : new String[] {"wavenet_a1_standard.nam"};
        String tanh = args.length > 3 ? args[3] : "exact";
        for (String file : files) {
            for (int block : blocks) {
                WaveNetBenchmark b = new WaveNetBenchmark();
                b.blockSize = block;
                b.kernels = "preferred";
                b.file = file;
                b.tanh = tanh;
                b.setUp();
                double[] t = time(threads, b::stream, 1, seconds);
                double best = t[0] / WaveNetBenchmark.SAMPLES;
                double median = t[1] / WaveNetBenchmark.SAMPLES;
                System.out.printf("%s (%s tanh) block %4d: best %.1f ns/sample (%.1fx real time at 48 kHz), median %.1f"
                        + " (%.1fx)%n", file, tanh, block, best, 1e9 / 48_000 / best, median, 1e9 / 48_000 / median);
            }
        }
    }

    /** Best and median CPU ns per call over rounds of {@code calls} calls, after a warm-up half as long. */
    static double[] time(ThreadMXBean threads, Runnable op, int calls, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < end) {
            op.run();
        }
        double[] rounds = new double[1 << 16];
        int count = 0;
        end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && count < rounds.length) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                op.run();
            }
            rounds[count++] = (double) (threads.getCurrentThreadCpuTime() - t0) / calls;
        }
        java.util.Arrays.sort(rounds, 0, count);
        return new double[] {rounds[0], rounds[count / 2]};
    }
}
