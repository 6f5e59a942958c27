package dev.convstream.bench;

import dev.convstream.train.A1Architecture;
import dev.convstream.train.Trainer;
import dev.convstream.train.TrainingConfig;
import dev.convstream.train.TrainingListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * {@link TrainStepBenchmark}'s step (forward + backward + Adam of 16 segments of 8,192
 * predictions through {@link Trainer}) timed by the process's CPU time, best and median of
 * many steps: on a shared, loaded machine the wall clock measures the other jobs, CPU time
 * measures this one. With 2 threads it is the CPU of both: samples per CPU-second, the
 * efficiency of the work, not the speed-up. {@code train_throughput_torch.py --cpu} measures
 * PyTorch's step the same way ({@code time.process_time}).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.TrainStepCpuTime [steps per case [archs [threads]]]}.
 */
public final class TrainStepCpuTime {

    private TrainStepCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        String[] archs = args.length > 1 ? args[1].split(",") : new String[] {"nano", "feather", "standard"};
        String[] threadCounts = args.length > 2 ? args[2].split(",") : new String[] {"1", "2"};
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String arch : archs) {
            for (String t : threadCounts) {
                TrainStepBenchmark b = new TrainStepBenchmark();
                b.arch = arch;
                b.threads = Integer.parseInt(t);
                b.data();
                int warmup = 3;
                double[] cpu = new double[steps];
                for (int i = -warmup; i < steps; i++) {
                    b.trainer();
                    long c0 = os.getProcessCpuTime();
                    b.trainSteps();
                    long c1 = os.getProcessCpuTime();
                    b.close();
                    if (i >= 0) {
                        cpu[i] = (c1 - c0) / 1e9 / TrainStepBenchmark.STEPS;
                    }
                }
                Arrays.sort(cpu);
                double samples = TrainStepBenchmark.BATCH * TrainStepBenchmark.SEGMENT;
                System.out.printf("convstream %-8s threads %s: best %.0f, median %.0f samples per CPU-second"
                        + " (%.0f / %.0f ms CPU per step)%n", arch, t, samples / cpu[0], samples / cpu[steps / 2],
                        cpu[0] * 1000, cpu[steps / 2] * 1000);
            }
        }
    }
}
