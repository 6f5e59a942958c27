package dev.convstream.bench;

import dev.convstream.bench.peer.PeerCase;
import dev.convstream.bench.peer.PeerCheck;
import dev.convstream.bench.peer.PeerWorkload;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link PeerBenchmark}'s cases with the two engines interleaved: for each case and thread
 * count, convstream and ONNX Runtime take turns of {@link #TURN_NANOS}, the first engine of a
 * round alternating, and every round gives its own ratio (ORT's median call over convstream's,
 * and the same for the fastest calls). Issue 18 measures this way. In a JMH run the two engines
 * of a case are timed in separate forks, minutes apart, and on a shared VM the speed drifts
 * 10-40% over minutes: a ratio then carries the drift. Here the drift is common to both
 * turns of a round, and the median over rounds is reported with the rounds' range.
 *
 * <p>Time is wall-clock per call (the two-thread cases need it), each timed sample one call, or
 * for calls of a few microseconds enough calls to last {@link #SAMPLE_NANOS}. Before each turn
 * the engine runs untimed for {@link #SETTLE_NANOS}: both engines' pools spin for about a
 * millisecond after their last call, and that must not be charged to the other engine.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.convstream.bench.PeerRounds [rounds [cases [threads]]]}, e.g. {@code 15 D_DENSE,E_DEPTHWISE 1,2};
 * all cases at 1 and 2 threads, 15 rounds, unless given. With {@code --markdown} as the first
 * argument it prints README.md's table rows instead of the plain table. Each round is printed to
 * standard error as it ends.
 */
public final class PeerRounds {

    static final long TURN_NANOS = 300_000_000L;
    static final long SETTLE_NANOS = 20_000_000L;
    private static final long SAMPLE_NANOS = 20_000L;
    /** Warm-up: turns of each engine until its median settles (see {@link #warmUp}), within these bounds. */
    static final long MIN_WARM_UP_NANOS = 3_000_000_000L;
    static final long MAX_WARM_UP_NANOS = 20_000_000_000L;
    private static final int MAX_SAMPLES = 1 << 20;

    private final long turnNanos;
    private final long settleNanos;
    private final long minWarmUpNanos;
    private final long maxWarmUpNanos;
    private final long[] samples = new long[MAX_SAMPLES];
    /** Something derived from every output, so that no call is dead code. */
    private int sink;

    /** Turns, settling and warm-up of the given lengths (tests use short ones). */
    PeerRounds(long turnNanos, long settleNanos, long minWarmUpNanos, long maxWarmUpNanos) {
        this.turnNanos = turnNanos;
        this.settleNanos = settleNanos;
        this.minWarmUpNanos = minWarmUpNanos;
        this.maxWarmUpNanos = maxWarmUpNanos;
    }

    public static void main(String[] args) {
        boolean markdown = args.length > 0 && args[0].equals("--markdown");
        String[] rest = markdown ? Arrays.copyOfRange(args, 1, args.length) : args;
        int rounds = rest.length > 0 ? Integer.parseInt(rest[0]) : 15;
        PeerCase[] cases = rest.length > 1
                ? Arrays.stream(rest[1].split(",")).map(PeerRounds::peerCase).toArray(PeerCase[]::new)
                : PeerCase.values();
        int[] threadCounts = rest.length > 2
                ? Arrays.stream(rest[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2};
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, found " + rounds);
        }
        PeerRounds runner = new PeerRounds(TURN_NANOS, SETTLE_NANOS, MIN_WARM_UP_NANOS, MAX_WARM_UP_NANOS);
        Result[] results = new Result[cases.length * threadCounts.length];
        int i = 0;
        for (PeerCase c : cases) {
            for (int threads : threadCounts) {
                try (PeerWorkload w = c.open(threads)) {
                    PeerCheck.requireAgreement(c, w, 3);
                    results[i] = runner.measure(label(c), threads, w, rounds);
                }
                System.err.println(results[i].plainRow());
                i++;
            }
        }
        System.out.printf(Locale.ROOT, "PeerRounds, %d rounds of %d ms turns per engine, wall time per call (us);"
                + " ratio = ONNX Runtime / convstream per round, median [min, max] over rounds%n",
                rounds, TURN_NANOS / 1_000_000);
        if (markdown) {
            System.out.println("| case | threads | convstream p0 / p50, us | ORT p0 / p50, us"
                    + " | ratio p50 [rounds' range] | ratio p0 |");
            System.out.println("|---|---|---|---|---|---|");
            for (Result r : results) {
                System.out.println(r.markdownRow());
            }
        } else {
            System.out.println(Result.PLAIN_HEADER);
            for (Result r : results) {
                System.out.println(r.plainRow());
            }
        }
        if (runner.sink == 42) {
            System.out.println();
        }
    }

    private static PeerCase peerCase(String name) {
        try {
            return PeerCase.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cases: no case " + name + "; the cases are "
                    + Arrays.toString(PeerCase.values()), e);
        }
    }

    /** How README.md's table names a case. */
    static String label(PeerCase c) {
        return switch (c) {
            case A_D1 -> "(a) conv1d 16->32 k3 causal, 4,096 frames, dilation 1";
            case A_D8 -> "(a) dilation 8";
            case A_D64 -> "(a) dilation 64";
            case A_D512 -> "(a) dilation 512";
            case B_POINTWISE -> "(b) 1x1 conv1d 16->16, 4,096 frames";
            case C_MONO -> "(c) conv2d 1->32, 128x512, 3x3";
            case D_DENSE -> "(d) conv2d 64->64, 56x56, 3x3 (Winograd)";
            case E_DEPTHWISE -> "(e) depthwise 3x3, 128 channels, 56x56";
            case F_TRANSPOSED -> "(f) conv_transpose2d 64->32, k4 s2, 28x28 -> 56x56";
            case G_STREAMING -> "(g) streaming conv1d 16->32 k3 d64, one 64-frame block";
        };
    }

    /** The rounds of one workload (both engines ready), {@code name} and {@code threads} for the report. */
    Result measure(String name, int threads, PeerWorkload w, int rounds) {
        Supplier<Object> cs = w::convstream;
        Supplier<Object> ort = w::onnxruntime;
        int perSample = callsPerSample(cs, ort);
        warmUp(cs, ort, perSample);
        double[] csMedians = new double[rounds];
        double[] ortMedians = new double[rounds];
        double csP0 = Double.MAX_VALUE;
        double ortP0 = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            boolean csFirst = r % 2 == 0;
            Turn first = turn(csFirst ? cs : ort, perSample);
            Turn second = turn(csFirst ? ort : cs, perSample);
            Turn csTurn = csFirst ? first : second;
            Turn ortTurn = csFirst ? second : first;
            csMedians[r] = csTurn.median;
            ortMedians[r] = ortTurn.median;
            csP0 = Math.min(csP0, csTurn.fastest);
            ortP0 = Math.min(ortP0, ortTurn.fastest);
            System.err.printf(Locale.ROOT, "  %s %d round %d: convstream %.2f / %.2f us, ORT %.2f / %.2f"
                    + " (p0 / p50)%n", name, threads, r + 1, csTurn.fastest, csTurn.median, ortTurn.fastest,
                    ortTurn.median);
        }
        return new Result(name, threads, csMedians, ortMedians, csP0, ortP0);
    }

    /** Calls per timed sample: 1, or as many as take {@link #SAMPLE_NANOS} on the faster engine. */
    private int callsPerSample(Supplier<Object> cs, Supplier<Object> ort) {
        double fastest = Math.min(meanNanos(cs), meanNanos(ort));
        return (int) Math.max(1, Math.ceil(SAMPLE_NANOS / fastest));
    }

    private double meanNanos(Supplier<Object> engine) {
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < 200_000_000L) {
            consume(engine.get());
            calls++;
        }
        return (System.nanoTime() - start) / (double) calls;
    }

    /**
     * Alternate turns until each engine's median is within 3% of its previous turn's, as the
     * issue's harness warms each engine "until its time per call settles" (C2 compiles the
     * vector kernels after seconds, ORT's pool settles too).
     */
    private void warmUp(Supplier<Object> cs, Supplier<Object> ort, int perSample) {
        long start = System.nanoTime();
        double lastCs = Double.MAX_VALUE;
        double lastOrt = Double.MAX_VALUE;
        while (System.nanoTime() - start < maxWarmUpNanos) {
            double nowCs = turn(cs, perSample).median;
            double nowOrt = turn(ort, perSample).median;
            boolean settled = Math.abs(nowCs - lastCs) <= 0.03 * nowCs
                    && Math.abs(nowOrt - lastOrt) <= 0.03 * nowOrt;
            if (settled && System.nanoTime() - start >= minWarmUpNanos) {
                return;
            }
            lastCs = nowCs;
            lastOrt = nowOrt;
        }
    }

    /** The median and fastest time per call of one turn, in microseconds. */
    private record Turn(double median, double fastest) {
    }

    private Turn turn(Supplier<Object> engine, int perSample) {
        long settleEnd = System.nanoTime() + settleNanos;
        while (System.nanoTime() < settleEnd) {
            consume(engine.get());
        }
        int n = 0;
        long end = System.nanoTime() + turnNanos;
        while (n < samples.length) {
            long t0 = System.nanoTime();
            for (int k = 0; k < perSample; k++) {
                consume(engine.get());
            }
            long t1 = System.nanoTime();
            samples[n++] = t1 - t0;
            if (t1 >= end) {
                break;
            }
        }
        Arrays.sort(samples, 0, n);
        return new Turn(samples[n / 2] / 1e3 / perSample, samples[0] / 1e3 / perSample);
    }

    private void consume(Object o) {
        sink += System.identityHashCode(o) & 1;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * One case's figures, in microseconds: each round's median call per engine, and the fastest
     * call of all rounds.
     */
    record Result(String name, int threads, double[] csMedians, double[] ortMedians, double csP0, double ortP0) {

        /** Each round's ratio of medians, ORT / convstream. */
        double[] ratios() {
            double[] r = new double[csMedians.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = ortMedians[i] / csMedians[i];
            }
            return r;
        }

        /** The median of the rounds' ratios. */
        double ratio() {
            return median(ratios());
        }

        double csP50() {
            return median(csMedians);
        }

        double ortP50() {
            return median(ortMedians);
        }

        static final String PLAIN_HEADER = String.format(Locale.ROOT, "%-56s %3s %10s %10s %10s %10s %8s %15s %8s",
                "case", "thr", "cs p0", "cs p50", "ort p0", "ort p50", "p50 x", "rounds' range", "p0 x");

        String plainRow() {
            double[] r = ratios();
            Arrays.sort(r);
            return String.format(Locale.ROOT, "%-56s %3d %10.2f %10.2f %10.2f %10.2f %8.2f %7.2f-%-7.2f %8.2f",
                    name, threads, csP0, csP50(), ortP0, ortP50(), ratio(), r[0], r[r.length - 1],
                    ortP0 / csP0);
        }

        String markdownRow() {
            double[] r = ratios();
            Arrays.sort(r);
            return String.format(Locale.ROOT, "| %s | %d | %s / %s | %s / %s | **%.2f** [%.2f-%.2f] | %.2f |",
                    name, threads, us(csP0), us(csP50()), us(ortP0), us(ortP50()), ratio(), r[0],
                    r[r.length - 1], ortP0 / csP0);
        }

        private static String us(double v) {
            return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
        }
    }
}
