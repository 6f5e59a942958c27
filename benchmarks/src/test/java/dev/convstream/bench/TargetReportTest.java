package dev.convstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.bench.TargetReport.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TargetReport on excerpts of a real benchmarks/targets.sh run (2026-12-05), some edited to miss. */
class TargetReportTest {

    private static final List<String> PEER = List.of(
            "PeerRounds, 15 rounds of 300 ms turns per engine, wall time per call (us); ratio = ...",
            "| case | threads | convstream p0 / p50, us | ORT p0 / p50, us | ratio p50 [rounds' range] | ratio p0 |",
            "|---|---|---|---|---|---|",
            "| (d) conv2d 64->64, 56x56, 3x3 (Winograd) | 1 | 726 / 904 | 1054 / 1161 | **1.29** [1.25-1.32] | 1.45 |",
            "| (d) conv2d 64->64, 56x56, 3x3 (Winograd) | 2 | 432 / 574 | 590 / 688 | **1.18** [1.14-1.23] | 1.37 |",
            "| (e) depthwise 3x3, 128 channels, 56x56 | 1 | 116 / 124 | 142 / 150 | **1.20** [1.17-1.24] | 1.23 |",
            "| (g) streaming conv1d 16->32 k3 d64, one 64-frame block | 1 | 1.18 / 1.42 | 4.90 / 5.81 | **4.06** [3.54-4.23] | 4.14 |",
            "| (g) streaming conv1d 16->32 k3 d64, one 64-frame block | 2 | 1.21 / 1.51 | 6.24 / 11.5 | **7.98** [7.52-8.36] | 5.15 |");

    @Test
    void peerCasesAreJudgedByTheirMedianRatioAndStreamingByItsTime() {
        List<Verdict> v = TargetReport.peer(PEER, "25");
        assertEquals(5, v.size());
        assertTrue(v.get(0).met());
        assertEquals("1.29x [1.25-1.32]", v.get(0).measured());
        assertFalse(v.get(1).met(), "1.18x is under 1.2x");
        assertTrue(v.get(2).met(), "1.20x is the target itself");
        assertTrue(v.get(3).met());
        assertEquals("1.42 us (ORT 5.81 us)", v.get(3).measured());
        assertFalse(v.get(4).met(), "1.51 us is over 1.5 us, whatever the ratio");
        assertTrue(v.get(1).target().startsWith("(d) conv2d 64->64, 56x56, 3x3 (Winograd), 2 threads"));
        assertEquals("25", v.get(1).jdk());
    }

    @Test
    void a1IsTheCoresBestOverConvstreamsBestRoundByRoundJudgedByTheMedianRound() {
        List<String> a1 = List.of(
                "== round 1 18:27:53 load 1.35",
                "core fast: best 655.1 ns/sample (31.8x real time at 48 kHz), median 674.8 ns/sample (250 rounds)",
                "core exact: best 4134.7 ns/sample (5.0x real time at 48 kHz), median 4194.1 ns/sample (250 rounds)",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (exact tanh) block   64: best 319.6 ns/sample (65.2x ...",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (fast tanh) block   64: best 170.1 ns/sample (122.5x ...",
                "== round 2 18:28:34 load 1.23",
                "core fast: best 677.1 ns/sample (30.8x real time at 48 kHz), median 885.0 ns/sample (193 rounds)",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (exact tanh) block   64: best 251.2 ns/sample (82.9x ...",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (fast tanh) block   64: best 200.0 ns/sample (113.7x ...",
                "== round 3 18:29:16 load 1.12",
                "core fast: best 642.1 ns/sample (32.4x real time at 48 kHz), median 663.3 ns/sample (248 rounds)",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (exact tanh) block   64: best 234.3 ns/sample (88.9x ...",
                "benchmarks.jar jdk17 wavenet_a1_standard.nam (fast tanh) block   64: best 190.0 ns/sample (122.1x ...");
        List<Verdict> v = TargetReport.a1(a1);
        assertEquals(2, v.size());
        Verdict exact = v.get(0);
        // rounds: 655.1 / 319.6 = 2.05, 677.1 / 251.2 = 2.70, 642.1 / 234.3 = 2.74
        assertEquals("2.70x median [2.05-2.74], 2 of 3 rounds", exact.measured());
        assertTrue(exact.met());
        assertEquals("17", exact.jdk());
        Verdict fast = v.get(1);
        // 3.85, 3.39, 3.38: the median round misses 3.5x
        assertEquals("3.39x median [3.38-3.85], 1 of 3 rounds", fast.measured());
        assertFalse(fast.met());
    }

    @Test
    void gemmFirAndProcessRowsAreRead() {
        List<Verdict> gemm = TargetReport.gemm(List.of(
                "vector GEMM, A packed once, 9 rounds; share of the FMA peak ...",
                "256x256x256      85.9% [83.3, 88.5]  (peak 221 GFLOP/s median)",
                "1024x1024x1024   84.9% [86.2, 87.8]  (peak 222 GFLOP/s median)"), "17");
        assertEquals(2, gemm.size());
        assertTrue(gemm.get(0).met());
        assertFalse(gemm.get(1).met());
        assertTrue(gemm.get(1).target().startsWith("GEMM 1024^3"));

        List<Verdict> fir = TargetReport.fir(List.of(
                "  1279 taps, vector, blocks of 64:  plan best 27.7 median 29.8 ns/sample",
                " 96000 taps, vector, blocks of 64:  plan best 95.4 median 400.0 ns/sample"), "25");
        // 1e9 / 48000 / 29.8 = 699x; / 400 = 52x, under 60x
        assertEquals("699x median (best 752x)", fir.get(0).measured());
        assertTrue(fir.get(0).met());
        assertFalse(fir.get(1).met());

        List<Verdict> process = TargetReport.process(List.of(
                "load before: 1.09 1.30 1.54",
                "jdk                          archive  wall ms / cpu ms per round",
                "java-17-openjdk-amd64        on       1176/1930 1331/2170 1351/2190",
                "java-17-openjdk-amd64        off      1431/2360 1588/2580 1528/2520",
                "temurin-25-jdk-amd64         on       1508/2100 1452/2540 1587/2100",
                "load after: 1.59 1.40 1.56"));
        assertEquals(2, process.size());
        assertEquals("17", process.get(0).jdk());
        assertEquals("1.33 s median [1.18-1.35], 3 rounds", process.get(0).measured());
        assertTrue(process.get(0).met());
        assertEquals("25", process.get(1).jdk());
        assertFalse(process.get(1).met(), "1.51 s median");
    }

    @Test
    void everyLiveStartMustBeUnderASecondAndAFailedStartCountsAsNever() {
        List<Verdict> v = TargetReport.live(List.of(
                "jdk17 start 1: start: chain loaded 1.784 s after the JVM started, live 0.392 s later (format ...)",
                "jdk25 start 1: start: chain loaded 1.802 s after the JVM started, live 0.515 s later (format ...)",
                "jdk17 start 2: start: chain loaded 1.235 s after the JVM started, live 0.577 s later (format ...)",
                "jdk25 start 2: no start line"));
        assertEquals(2, v.size());
        assertTrue(v.get(0).met());
        assertEquals("0.48 s median [0.39-0.58], 2 of 2 starts under", v.get(0).measured());
        assertFalse(v.get(1).met());
        assertTrue(v.get(1).measured().endsWith("1 of 2 starts under"));
    }

    @Test
    void anIncompleteRunNamesTheMissingFile(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("peer17.md"), PEER);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TargetReport.judge(dir));
        assertTrue(e.getMessage().contains("peer25.md"), e.getMessage());
    }

    @Test
    void aPeerFileWithoutRowsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetReport.peer(List.of("PeerRounds, nothing"), "17"));
        assertTrue(e.getMessage().startsWith("peer17.md"), e.getMessage());
    }
}
