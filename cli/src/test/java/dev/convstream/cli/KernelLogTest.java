package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel family's log line: on stderr with {@code --verbose} only, unless the scalar family
 * stands in for the vector one; {@code --version} names the family on every subcommand. The
 * command runs in new JVMs of the running JDK, since the family is chosen, and logged, once per JVM.
 */
class KernelLogTest {

    @TempDir
    Path dir;

    @Test
    void verboseIsReadFromTheOptionsOnly() {
        assertFalse(KernelLog.verbose(new String[] {"info", "a.nam"}));
        assertTrue(KernelLog.verbose(new String[] {"info", "--verbose", "a.nam"}));
        assertTrue(KernelLog.verbose(new String[] {"--verbose", "process", "--chain", "gain", "a.wav", "b.wav"}));
        assertFalse(KernelLog.verbose(new String[] {"process", "--chain", "gain", "--", "--verbose", "b.wav"}),
                "after --, --verbose is a file name");
    }

    @Test
    void theLoggerIsQuietenedUnlessVerbose() {
        Logger logger = Logger.getLogger(KernelLog.LOGGER);
        Level before = logger.getLevel();
        try {
            assertEquals(Level.WARNING, new KernelLog(new String[] {"info", "a.nam"}).level());
            logger.setLevel(null);
            assertNull(new KernelLog(new String[] {"info", "--verbose", "a.nam"}).level());
        } finally {
            logger.setLevel(before);
        }
    }

    /** stdout and stderr of {@code convstream args} in a new JVM, with the Vector API module or without. */
    private List<String> run(boolean vectorModule, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:-UsePerfData"));
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConvstreamCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "convstream " + String.join(" ", args) + " did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stderr);
        return List.of(Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    @Test
    void versionNamesTheKernelsAndNoRunLogsThemUnlessVerbose() throws Exception {
        List<String> quiet = run(true, "--version");
        String[] lines = quiet.get(0).split("\n");
        assertEquals(Version.VERSION, lines[0], quiet.get(0));
        assertTrue(lines[1].startsWith("Java " + Runtime.version()), quiet.get(0));
        assertTrue(lines[2].startsWith("kernels: vector ("), quiet.get(0));
        assertFalse(quiet.get(1).contains("convstream kernels"), quiet.get(1));

        List<String> verbose = run(true, "--verbose", "--version");
        assertTrue(verbose.get(1).contains("INFO: convstream kernels: vector ("), verbose.get(1));

        List<String> sub = run(true, "process", "-V");
        assertEquals(quiet.get(0), sub.get(0), "a subcommand's -V prints the same");
    }

    @Test
    void aScalarStandInIsShownWithoutVerbose() throws Exception {
        List<String> r = run(false, "--version");
        assertTrue(r.get(0).contains("kernels: scalar (plain Java): jdk.incubator.vector is not in the boot layer"), r.get(0));
        assertTrue(r.get(1).contains("WARNING: convstream kernels: scalar (plain Java): ")
                && r.get(1).contains("--add-modules jdk.incubator.vector"), r.get(1));
    }
}
