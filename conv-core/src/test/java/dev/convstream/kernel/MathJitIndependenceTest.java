package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The math gives the same bits whatever compiles it: the interpreter (where the Vector API runs
 * its Java fallback), C1 alone, and C2 here after warm-up. The Vector API's own lanewise TANH
 * failed this (SVML once compiled, Java code before).
 */
class MathJitIndependenceTest {

    private static String run(String... jvmFlags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmFlags));
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Dconvstream.kernels=vector");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MathChecksum.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + cmd + " did not finish");
        }
        assertEquals(0, p.exitValue(), "child JVM " + cmd + " failed: " + out);
        return out;
    }

    @Test
    void interpretedC1AndC2GiveTheSameBits() throws Exception {
        for (int i = 0; i < 20; i++) {
            MathChecksum.checksum(); // warm up, so that C2 compiles the kernels here
        }
        String compiled = Long.toHexString(MathChecksum.checksum());
        assertEquals(compiled, run("-Xint"), "interpreter");
        assertEquals(compiled, run("-XX:TieredStopAtLevel=1"), "C1 only");
    }
}
