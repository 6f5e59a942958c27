package dev.convstream.cli;

import dev.convstream.audio.WavWriter;
import dev.convstream.features.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code convstream} as a separate process that dies: a full disk (the file-size limit of
 * {@code ulimit -f}, which fails writes with EFBIG exactly where a full disk fails them with
 * ENOSPC; the JVM ignores SIGXFSZ, so the write fails instead of killing it) and SIGKILL. No
 * partial file may appear under a final name, and a full disk must be one line naming the file.
 * Mounting a small tmpfs would need root, which CI machines need not have.
 */
class ProcessDeathTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void bashPresent() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash to set ulimit -f");
    }

    /** {@code convstream args} in a new JVM, under {@code ulimit -f kib} when {@code kib > 0}. */
    private static ProcessBuilder convstream(Path dir, long kib, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c",
                (kib > 0 ? "ulimit -f " + kib + " && " : "") + "exec \"$@\"", "bash", java, "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), ConvstreamCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    }

    private static Path sine(Path file, int channels, double seconds) throws IOException {
        int frames = (int) (seconds * 48_000);
        float[][] x = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                x[c][i] = (float) (0.4 * Math.sin(2 * Math.PI * (220 + 110 * c) * i / 48_000.0));
            }
        }
        WavWriter.write(file, x, 48_000, WavWriter.Format.PCM_16);
        return file;
    }

    /**
     * The lines convstream printed: without the log's INFO lines and the JVM's own WARNING lines
     * (JDK 24+ warns when a library such as Guice calls sun.misc.Unsafe).
     */
    private static List<String> ourLines(String err) {
        return err.lines().filter(l -> !l.startsWith("INFO: ") && !l.startsWith("WARNING: ")).toList();
    }

    private static List<Path> temporaries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void processOnAFullDiskSaysSoNamingTheFileAndLeavesNothing() throws Exception {
        Path in = sine(dir.resolve("in.wav"), 2, 10);
        Path out = dir.resolve("out.wav");
        Process p = convstream(dir, 256, "process", in.toString(), out.toString(), "--chain", "gain(db=-6)",
                "--no-progress").start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process did not finish");
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), "exit code; stderr: " + err);
        assertEquals(List.of("error: " + out + ": write failed: File too large"), ourLines(err), err);
        assertFalse(Files.exists(out), "no partial out.wav");
        assertEquals(List.of(), temporaries(dir), "the temporary file is removed too");
    }

    @Test
    void featuresOnAFullDiskReportsTheFileAndWritesNoPartialNpy() throws Exception {
        Path in = sine(dir.resolve("in.wav"), 1, 10);
        Path out = dir.resolve("features");
        // 10 s at 16 kHz, hop 160: 1001 frames x 64 bands x 4 bytes = 256 KB of .npy, over a 64 KiB limit.
        Process p = convstream(dir, 64, "features", in.toString(), "-o", out.toString(), "--threads", "1").start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "features did not finish");
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), "exit code; stderr: " + err);
        assertTrue(err.contains(in.toString()) && err.contains("File too large"), err);
        assertFalse(Files.exists(out.resolve("in.npy")), "no partial in.npy");
        assertEquals(List.of(), temporaries(out), "the temporary file is removed too");
    }

    @Test
    void processKilledMidWriteLeavesNothingUnderTheFinalName() throws Exception {
        killMidWrite(true);
    }

    @Test
    void processTerminatedMidWriteLeavesNothingUnderTheFinalName() throws Exception {
        killMidWrite(false);
    }

    /** SIGKILL ({@code forcibly}) or SIGTERM while the output is being written. */
    private void killMidWrite(boolean forcibly) throws Exception {
        Path in = sine(dir.resolve("in.wav"), 1, 60);
        Path out = dir.resolve("out.wav");
        Path nam = Path.of(ProcessDeathTest.class.getResource("wavenet_a1_standard.nam").toURI());
        Process p = convstream(dir, 0, "process", in.toString(), out.toString(), "--chain",
                "wavenet(model=" + nam + ")", "--block", "64", "--no-progress").start();
        long tmpBytes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && tmpBytes < 200_000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            for (Path t : temporaries(dir)) {
                tmpBytes = Math.max(tmpBytes, Files.size(t));
            }
        }
        assumeTrue(p.isAlive(), "the job ended before it could be killed mid-write (a machine far faster than"
                + " expected): nothing to test");
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process did not end");
        assertTrue(tmpBytes >= 200_000, "killed while writing " + tmpBytes + " bytes");
        assertFalse(Files.exists(out), "no partial out.wav after " + (forcibly ? "SIGKILL" : "SIGTERM"));
        // What a kill does leave: the hidden temporary, which no reader takes for the output.
        assertEquals(1, temporaries(dir).size(), "one hidden temporary: " + temporaries(dir));
    }

    @Test
    void theNextRunForTheSameOutputRemovesTheTemporaryAKilledRunLeft() throws Exception {
        killMidWrite(true);
        Path leftover = temporaries(dir).get(0);
        Path others = dir.resolve(".in.wav.1234abcd.tmp"); // another output's: kept
        Files.writeString(others, "x");
        Files.setLastModifiedTime(others, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path out = dir.resolve("out.wav");
        Process p = convstream(dir, 0, "process", dir.resolve("in.wav").toString(), out.toString(), "--chain",
                "gain(db=-6)", "--no-progress").start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        assertTrue(Files.exists(out));
        assertFalse(Files.exists(leftover), "the killed run's " + leftover.getFileName() + " is removed");
        assertEquals(List.of(others), temporaries(dir));
    }

    /**
     * A run that has stopped writing for a while (a slow chain, a stopped process) but is alive:
     * its temporary is older than the second run, and only the lock it holds protects it.
     */
    @Test
    void aTemporaryALiveRunHoldsIsLeftAloneByASecondRunForTheSameOutput() throws Exception {
        Path in = sine(dir.resolve("in.wav"), 1, 1);
        Path out = dir.resolve("out.wav");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(javaBin, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                HoldsATemporary.class.getName(), out.toString()).redirectErrorStream(true).start();
        try {
            String ready = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertEquals("holding", ready, "the holder started");
            Path held = temporaries(dir).get(0);
            Files.setLastModifiedTime(held, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            Path second = Files.createDirectories(dir.resolve("second"));
            Process p = convstream(second, 0, "process", in.toString(), out.toString(), "--chain", "gain(db=-6)",
                    "--no-progress").start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "second run did not finish");
            assertEquals(0, p.exitValue(), Files.readString(second.resolve("stderr.txt")));
            assertTrue(holder.isAlive(), "the holder still runs");
            assertTrue(Files.exists(held), "the live run's temporary " + held.getFileName() + " is kept");
            assertTrue(Files.exists(out), "the second run's output is written");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts writing its argument through {@code AtomicFiles}, says so, and waits to be killed. */
    public static final class HoldsATemporary {
        public static void main(String[] args) throws Exception {
            try (dev.convstream.io.AtomicFiles.Pending pending = dev.convstream.io.AtomicFiles.create(Path.of(args[0]))) {
                pending.channel().write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                System.out.println("holding");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }

    @Test
    void featuresKilledMidBatchLeavesOnlyCompleteNpyFiles() throws Exception {
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        for (int i = 0; i < 40; i++) {
            sine(inputs.resolve(String.format("clip%02d.wav", i)), 1, 20);
        }
        Path out = dir.resolve("features");
        Process p = convstream(dir, 0, "features", inputs.toString(), "-o", out.toString(), "--threads", "1").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && npys(out).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assumeTrue(p.isAlive(), "the batch ended before it could be killed: nothing to test");
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process did not end");
        List<Path> written = npys(out);
        assertTrue(written.size() >= 3 && written.size() < 40, "killed mid-batch: " + written.size() + " files");
        for (Path npy : written) {
            // 20 s at 16 kHz, hop 160, centred: 2001 frames of 64 bands; a torn file would not parse or be short.
            int[] shape = Npy.read(npy).shape();
            assertEquals(2001 * 64, shape[0] * shape[1], npy + " is complete");
        }
    }

    private static List<Path> npys(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".npy")).toList();
        }
    }
}
