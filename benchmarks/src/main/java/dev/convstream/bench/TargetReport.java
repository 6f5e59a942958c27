package dev.convstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 18's targets judged on one {@code benchmarks/targets.sh} run: reads the raw outputs that
 * script leaves in its folder and prints one row per target with what was measured and whether it
 * is met. Where a target is judged over rounds (the peer cases, A1 against NAM core) the verdict is
 * the median round's, as the issue measures; the rounds' range is printed beside it.
 *
 * <p>Run: {@code java -cp benchmarks.jar dev.convstream.bench.TargetReport OUT_DIR}.
 */
public final class TargetReport {

    /** Peer cases (a)-(f): ONNX Runtime's time over convstream's, at least this. */
    static final double PEER_RATIO = 1.2;
    /** Peer case (g): convstream's median per 64-frame block, at most this many microseconds. */
    static final double STREAMING_US = 1.5;
    /** NAM core's fast-tanh time over convstream's, exact and fast tanh. */
    static final double A1_EXACT = 2.5;
    static final double A1_FAST = 3.5;
    /** The GEMM's share of the FMA peak, percent. */
    static final double GEMM_SHARE = 85;
    /** Real-time factors at 48 kHz: the 1,279-tap FIR and the 96,000-tap IR. */
    static final double FIR_SHORT = 200;
    static final double FIR_LONG = 60;
    /** Wall seconds: the one-second process job (with the class-data archive), and live after the load. */
    static final double PROCESS_S = 1.5;
    static final double LIVE_S = 1.0;

    private static final double RATE = 48_000;

    /** One target's row. */
    record Verdict(String target, String jdk, String measured, boolean met) {
    }

    private TargetReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TargetReport OUT_DIR (a benchmarks/targets.sh folder)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> times = Files.exists(dir.resolve("times.txt")) ? Files.readAllLines(dir.resolve("times.txt"))
                : List.of();
        List<Verdict> verdicts = judge(dir);
        System.out.println("Issue 18's targets, one window (" + dir + ")");
        times.forEach(System.out::println);
        System.out.println("| target | JDK | measured | met |");
        System.out.println("|---|---|---|---|");
        int missed = 0;
        for (Verdict v : verdicts) {
            System.out.println("| " + v.target() + " | " + v.jdk() + " | " + v.measured() + " | "
                    + (v.met() ? "yes" : "**no**") + " |");
            missed += v.met() ? 0 : 1;
        }
        System.out.println(missed == 0 ? "every target met" : missed + " of " + verdicts.size() + " targets missed");
    }

    /** Every verdict of the run in {@code dir}, in the order. */
    static List<Verdict> judge(Path dir) throws IOException {
        List<Verdict> all = new ArrayList<>();
        for (String jdk : List.of("17", "25")) {
            all.addAll(peer(read(dir, "peer" + jdk + ".md"), jdk));
        }
        for (String jdk : List.of("17", "25")) {
            all.addAll(gemm(read(dir, "gemm" + jdk + ".txt"), jdk));
        }
        all.addAll(a1(read(dir, "a1.txt")));
        for (String jdk : List.of("17", "25")) {
            all.addAll(fir(read(dir, "fir" + jdk + ".txt"), jdk));
        }
        all.addAll(process(read(dir, "process.txt")));
        all.addAll(live(read(dir, "live.txt")));
        return all;
    }

    private static List<String> read(Path dir, String name) throws IOException {
        try {
            return Files.readAllLines(dir.resolve(name));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.resolve(name) + ": not a complete benchmarks/targets.sh run");
        }
    }

    private static final Pattern PEER_RATIO_CELL = Pattern.compile("\\*\\*([0-9.]+)\\*\\* \\[([0-9.]+-[0-9.]+)]");

    /** {@code PeerRounds --markdown} rows: (a)-(f) by their median ratio, (g) by convstream's median time. */
    static List<Verdict> peer(List<String> lines, String jdk) {
        List<Verdict> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("| (")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String label = cells[1].trim();
            String threads = cells[2].trim();
            String target = label + ", " + threads + (threads.equals("1") ? " thread" : " threads");
            if (label.startsWith("(g)")) {
                double p50 = Double.parseDouble(cells[3].split("/")[1].trim());
                out.add(new Verdict(target + ": at most " + STREAMING_US + " us", jdk,
                        fmt("%.2f us (ORT %s us)", p50, cells[4].split("/")[1].trim()), p50 <= STREAMING_US));
            } else {
                Matcher m = PEER_RATIO_CELL.matcher(cells[5]);
                if (!m.find()) {
                    throw new IllegalArgumentException("peer" + jdk + ".md: no ratio in row " + line);
                }
                double ratio = Double.parseDouble(m.group(1));
                out.add(new Verdict(target + ": at least " + PEER_RATIO + "x ORT", jdk,
                        fmt("%.2fx [%s]", ratio, m.group(2)), ratio >= PEER_RATIO));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("peer" + jdk + ".md: no case rows");
        }
        return out;
    }

    private static final Pattern GEMM_LINE = Pattern.compile("^(\\d+)x\\1x\\1\\s+([0-9.]+)% \\[([0-9.]+), ([0-9.]+)]");

    /** {@code GemmShare}: each size's median share of the peak. */
    static List<Verdict> gemm(List<String> lines, String jdk) {
        return eachMatch(lines, GEMM_LINE, "gemm" + jdk + ".txt", m -> {
            double share = Double.parseDouble(m.group(2));
            return new Verdict("GEMM " + m.group(1) + "^3: at least " + (int) GEMM_SHARE + "% of the FMA peak", jdk,
                    fmt("%.1f%% [%s-%s]", share, m.group(3), m.group(4)), share >= GEMM_SHARE);
        });
    }

    private static final Pattern CORE_LINE = Pattern.compile("^core fast: best ([0-9.]+) ns/sample");
    private static final Pattern A1_LINE =
            Pattern.compile(" jdk(\\d+) \\S+ \\((exact|fast) tanh\\) block\\s+\\d+: best ([0-9.]+) ns/sample");

    /**
     * {@code a1-rounds.sh}: per round, NAM core's fast-tanh best over convstream's best, per JDK and
     * tanh; judged by the median round.
     */
    static List<Verdict> a1(List<String> lines) {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        double core = Double.NaN;
        for (String line : lines) {
            Matcher c = CORE_LINE.matcher(line);
            if (c.find()) {
                core = Double.parseDouble(c.group(1));
                continue;
            }
            Matcher m = A1_LINE.matcher(line);
            if (m.find()) {
                if (Double.isNaN(core)) {
                    throw new IllegalArgumentException("a1.txt: a convstream line before NAM core's: " + line);
                }
                ratios.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new ArrayList<>())
                        .add(core / Double.parseDouble(m.group(3)));
            }
        }
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("a1.txt: no rounds");
        }
        List<Verdict> out = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            String[] key = e.getKey().split(" ");
            double target = key[1].equals("exact") ? A1_EXACT : A1_FAST;
            double[] r = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            long met = Arrays.stream(r).filter(x -> x >= target).count();
            double median = PeerRounds.median(r);
            out.add(new Verdict("NAM A1 standard, " + key[1] + " tanh: at least " + target
                    + "x NAM core's fast tanh", key[0],
                    fmt("%.2fx median [%.2f-%.2f], %d of %d rounds", median, min(r), max(r), met, r.length),
                    median >= target));
        }
        return out;
    }

    private static final Pattern FIR_LINE =
            Pattern.compile("^\\s*(\\d+) taps, vector, blocks of 64:\\s+plan best ([0-9.]+) median ([0-9.]+) ns/sample");

    /** {@code FirCpuTime}: real-time factors at 48 kHz, judged by the median. */
    static List<Verdict> fir(List<String> lines, String jdk) {
        return eachMatch(lines, FIR_LINE, "fir" + jdk + ".txt", m -> {
            int taps = Integer.parseInt(m.group(1));
            double target = taps <= 1279 ? FIR_SHORT : FIR_LONG;
            double median = 1e9 / RATE / Double.parseDouble(m.group(3));
            double best = 1e9 / RATE / Double.parseDouble(m.group(2));
            return new Verdict(fmt("FIR, %,d taps, blocks of 64: at least %.0fx real time", taps, target), jdk,
                    fmt("%.0fx median (best %.0fx)", median, best), median >= target);
        });
    }

    private static final Pattern PROCESS_LINE = Pattern.compile("^\\S*?(\\d+)\\S*\\s+on\\s+(.*)$");

    /** {@code startup-times.sh}: the job's median wall time with the archive, per JDK. */
    static List<Verdict> process(List<String> lines) {
        return eachMatch(lines, PROCESS_LINE, "process.txt", m -> {
            double[] wall = Arrays.stream(m.group(2).trim().split("\\s+"))
                    .mapToDouble(cell -> Double.parseDouble(cell.split("/")[0]) / 1000).toArray();
            double median = PeerRounds.median(wall);
            return new Verdict("one-second `process`, A1 -> cabinet: under " + PROCESS_S + " s", m.group(1),
                    fmt("%.2f s median [%.2f-%.2f], %d rounds", median, min(wall), max(wall), wall.length),
                    median < PROCESS_S);
        });
    }

    private static final Pattern LIVE_LINE = Pattern.compile("^jdk(\\d+) start \\d+: (.*)$");
    private static final Pattern LIVE_LATER = Pattern.compile("live ([0-9.]+) s later");

    /** The {@code live --verbose} start lines: every start live under a second after the load. */
    static List<Verdict> live(List<String> lines) {
        Map<String, List<Double>> perJdk = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = LIVE_LINE.matcher(line);
            if (m.find()) {
                Matcher later = LIVE_LATER.matcher(m.group(2));
                // a start without its line (it failed) counts as never live
                perJdk.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(later.find() ? Double.parseDouble(later.group(1)) : Double.POSITIVE_INFINITY);
            }
        }
        if (perJdk.isEmpty()) {
            throw new IllegalArgumentException("live.txt: no starts");
        }
        List<Verdict> out = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : perJdk.entrySet()) {
            double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            long under = Arrays.stream(s).filter(x -> x < LIVE_S).count();
            out.add(new Verdict("`live`, A1 -> cabinet, from the load to live: under " + LIVE_S + " s", e.getKey(),
                    fmt("%.2f s median [%.2f-%.2f], %d of %d starts under", PeerRounds.median(s), min(s), max(s), under,
                            s.length),
                    under == s.length));
        }
        return out;
    }

    /** One verdict per line of {@code lines} that {@code row} finds; a file without such a line is refused. */
    private static List<Verdict> eachMatch(List<String> lines, Pattern row, String file,
                                           Function<Matcher, Verdict> verdict) {
        List<Verdict> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                out.add(verdict.apply(m));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows this report reads");
        }
        return out;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
