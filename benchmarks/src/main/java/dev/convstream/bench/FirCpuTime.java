package dev.convstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link FirBenchmark}'s cases timed by thread CPU time (best and median of short rounds, see
 * {@link StreamingCpuTime} for why; immune to the preemption that ruins wall-clock means on a
 * loaded machine), in ns per sample: the direct vs partitioned crossover
 * behind {@code FirPlan.directMaxTaps}, on a shared machine.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.FirCpuTime [seconds per case [taps, e.g. 64,128,1279 [kernels [paths [frames]]]]]},
 * paths as {@link FirBenchmark#partition}, comma-separated ({@code direct,plan} unless given, e.g.
 * {@code direct,plan,64,128,256} to see the partitions the plan chooses between), frames per
 * block 64 unless given.
 */
public final class FirCpuTime {

    private FirCpuTime() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int[] taps = args.length > 1
                ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {32, 64, 96, 128, 192, 256, 512, 1279};
        String kernels = args.length > 2 ? args[2] : "vector";
        String[] paths = args.length > 3 ? args[3].split(",") : new String[] {"direct", "plan"};
        int frames = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int t : taps) {
            StringBuilder line = new StringBuilder(String.format("%6d taps, %s, blocks of %d:", t, kernels, frames));
            for (String path : paths) {
                if (path.equals("direct") && t > 8192) {
                    continue; // ~0.03 ns per tap per sample at best: not a real option
                }
                if (!path.equals("direct") && !path.equals("plan") && Integer.parseInt(path) >= t) {
                    continue; // a head as long as the response is the direct case
                }
                FirBenchmark b = new FirBenchmark();
                b.taps = t;
                b.partition = path;
                b.kernels = kernels;
                b.frames = frames;
                b.setUp();
                // Rounds of 256 blocks: every round holds whole frames of the largest partition
                // (4,096), so the FFT tail's share of the time is in every round, not in a few.
                double[] ns = StreamingCpuTime.time(threads, b::block, 256, seconds);
                line.append(String.format("  %s best %.1f median %.1f ns/sample", path,
                        ns[0] / frames, ns[1] / frames));
            }
            System.out.println(line);
        }
    }
}
