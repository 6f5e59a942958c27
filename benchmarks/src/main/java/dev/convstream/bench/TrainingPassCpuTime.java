package dev.convstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link TrainingPassBenchmark}'s forward + backward timed by this thread's CPU time, best and
 * median of many segments (see {@link StreamingCpuTime} for why CPU time on a shared machine):
 * prints ms per 8,192-prediction segment and training samples per second per thread for nano,
 * feather and standard.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.TrainingPassCpuTime [seconds per case [archs, e.g. nano,standard]]}.
 */
public final class TrainingPassCpuTime {

    private TrainingPassCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        String[] archs = args.length > 1 ? args[1].split(",") : new String[] {"nano", "feather", "standard"};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String arch : archs) {
            TrainingPassBenchmark b = new TrainingPassBenchmark();
            b.arch = arch;
            b.predictions = 8192;
            b.kernels = "preferred";
            b.setUp();
            double[] both = StreamingCpuTime.time(threads, b::forwardBackward, 1, seconds);
            double[] fwd = StreamingCpuTime.time(threads, b::forwardOnly, 1, seconds / 2);
            System.out.printf("%-8s forward+backward: best %.2f ms, median %.2f ms per segment (%.0f samples/s per"
                    + " thread at best); forward alone: best %.2f ms%n", arch, both[0] / 1e6, both[1] / 1e6,
                    8192 / (both[0] / 1e9), fwd[0] / 1e6);
        }
    }
}
