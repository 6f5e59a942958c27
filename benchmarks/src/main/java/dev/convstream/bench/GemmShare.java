package dev.convstream.bench;

import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * The vector GEMM's share of the FMA peak, each product timed between two windows of
 * {@link FmaPeak} of the same floating-point work, in one JVM. Issue 18's target is a share
 * (85% of the peak), and on a shared VM the speed of both drifts by 10-20% within minutes: JMH
 * runs of the product and of the peak, one after the other, then give a ratio off by that drift.
 * Here every product is divided by the peak measured around it, by thread CPU time, and the
 * median of many such pairs is reported.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.GemmShare [rounds [MxKxN,... [packed|unpacked]]]}; by default 25 rounds of
 * 256^3, 512^3 and 1024^3 with A packed once, as {@code GemmBenchmark.multiplyPacked} (a layer's
 * weights).
 */
public final class GemmShare {

    /** Each timed window runs at least this long, so that the CPU clock's granularity does not matter. */
    private static final long WINDOW_NANOS = 40_000_000L;
    /** Warm-up batches, and the least and most warm-up per shape; see {@code Product.warmUp}. */
    private static final long BATCH_NANOS = 250_000_000L;
    private static final long MIN_WARM_UP_NANOS = 8_000_000_000L;
    private static final long MAX_WARM_UP_NANOS = 30_000_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Gemm gemm = Kernels.vector().gemm();
    private final Gemm.Workspace workspace = gemm.newWorkspace();
    /** The peak loop's result, kept so that the loop is not dead code. */
    private float sink;

    private GemmShare() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        String[] shapes = args.length > 1 ? args[1].split(",")
                : new String[] {"256x256x256", "512x512x512", "1024x1024x1024"};
        boolean packed = args.length <= 2 || args[2].equals("packed");
        if (args.length > 2 && !packed && !args[2].equals("unpacked")) {
            throw new IllegalArgumentException("third argument must be packed or unpacked, found " + args[2]);
        }
        // Kernels.vector() (in the constructor) says why when the Vector API is not there.
        new GemmShare().run(rounds, shapes, packed);
    }

    private void run(int rounds, String[] shapeArgs, boolean packed) {
        Product[] products = new Product[shapeArgs.length];
        for (int s = 0; s < products.length; s++) {
            products[s] = new Product(shapeArgs[s], packed);
            products[s].warmUp();
        }
        double[][] shares = new double[products.length][rounds];
        double[][] peaks = new double[products.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < products.length; s++) {
                Product p = products[s];
                long flops = p.reps * p.flops;
                long steps = flops / FmaPeak.flops(1);
                double before = peakNanos(steps);
                double product = p.timedNanos();
                double after = peakNanos(steps);
                double peakNanos = (before + after) / 2;
                shares[s][r] = peakNanos / product * FmaPeak.flops(steps) / flops;
                peaks[s][r] = FmaPeak.flops(steps) / peakNanos;
            }
        }
        System.out.printf("vector GEMM, A %s, %d rounds; share of the FMA peak timed around each product"
                + " (thread CPU time): median [min, max]%n", packed ? "packed once" : "packed per call", rounds);
        for (int s = 0; s < products.length; s++) {
            double[] sh = shares[s].clone();
            double[] pk = peaks[s].clone();
            Arrays.sort(sh);
            Arrays.sort(pk);
            System.out.printf("%-16s %.1f%% [%.1f, %.1f]  (peak %.0f GFLOP/s median)%n", products[s].shape,
                    100 * sh[rounds / 2], 100 * sh[0], 100 * sh[rounds - 1], pk[rounds / 2]);
        }
    }

    private double peakNanos(long steps) {
        long t0 = threads.getCurrentThreadCpuTime();
        for (long left = steps; left > 0; left -= Integer.MAX_VALUE) {
            sink += FmaPeak.run(0.999f, 1f, (int) Math.min(left, Integer.MAX_VALUE));
        }
        return threads.getCurrentThreadCpuTime() - t0;
    }

    /** One product's operands, and how many calls fill a window. */
    private final class Product {
        final String shape;
        final int m;
        final int n;
        final int k;
        final long flops;
        final boolean packed;
        final float[] a;
        final float[] b;
        final float[] c;
        final Gemm.PackedMatrix packedA;
        int reps = 1;

        Product(String shape, boolean packed) {
            String[] d = shape.split("x");
            if (d.length != 3) {
                throw new IllegalArgumentException("shape must be MxKxN, found " + shape);
            }
            this.shape = shape;
            this.m = Integer.parseInt(d[0]);
            this.k = Integer.parseInt(d[1]);
            this.n = Integer.parseInt(d[2]);
            this.flops = 2L * m * n * k;
            this.packed = packed;
            Random rnd = new Random(11);
            a = GemmBenchmark.random(rnd, m * k);
            b = GemmBenchmark.random(rnd, k * n);
            c = new float[m * n];
            packedA = gemm.pack(m, k, a, 0, k);
        }

        void call() {
            if (packed) {
                gemm.multiply(packedA, n, b, 0, n, c, 0, n, false, workspace);
            } else {
                gemm.multiply(m, n, k, a, 0, k, b, 0, n, c, 0, n, false, workspace);
            }
        }

        /**
         * Calls (each followed by the peak loop, so that both are compiled) in batches of about
         * {@link #BATCH_NANOS}, for at least eight seconds and until two batches in a row take the
         * same time per call within 2%. The first calls of a 1024^3 product take 1.5 s each on JDK
         * 17 (packB and run interpreted until C2 gets to them, 4.5-6.4 s in); the two seconds of
         * warm-up this had before left some rounds measured half-compiled, and the JVMs' medians
         * 78-86% of the peak instead of 87-89% (BENCHMARKS.md, "Session 38"). Then as many calls as
         * fill a window.
         */
        void warmUp() {
            long start = System.nanoTime();
            double last = Double.MAX_VALUE;
            while (true) {
                long batchStart = System.nanoTime();
                int calls = 0;
                long inCalls = 0;
                while (System.nanoTime() - batchStart < BATCH_NANOS) {
                    long t0 = System.nanoTime();
                    call();
                    inCalls += System.nanoTime() - t0;
                    calls++;
                    peakNanos(flops / FmaPeak.flops(1));
                }
                double perCall = (double) inCalls / calls;
                long elapsed = System.nanoTime() - start;
                boolean settled = Math.abs(perCall - last) <= 0.02 * last;
                last = perCall;
                if (elapsed >= MIN_WARM_UP_NANOS && settled || elapsed >= MAX_WARM_UP_NANOS) {
                    reps = (int) Math.max(1, WINDOW_NANOS / Math.max(1, (long) perCall));
                    return;
                }
            }
        }

        double timedNanos() {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                call();
            }
            return threads.getCurrentThreadCpuTime() - t0;
        }
    }
}
