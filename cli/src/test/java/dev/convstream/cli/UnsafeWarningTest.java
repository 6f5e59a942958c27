package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDK 24+ prints a 4-line warning the first time a library calls a memory-access method of
 * {@code sun.misc.Unsafe}. Guava before 33.4.8 ({@code AbstractFuture}) and Guice 7.0.0 with its
 * default class definer ({@code HiddenClassDefiner}) did, on every run that made an injector;
 * the Guava version in the BOM and {@code ConvstreamCommand.main}'s Guice setting keep the
 * command quiet. Runs {@code convstream plugins} (which builds the injector and discovers the
 * plugins) in a new JVM of the running JDK; CI's JDK 25 pass is where it bites.
 */
class UnsafeWarningTest {

    @Test
    void aRunOnThisJdkPrintsNoUnsafeWarning(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 24,
                "JDK " + Runtime.version().feature() + " does not warn about sun.misc.Unsafe (JDK 24+ does)");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                ConvstreamCommand.class.getName(), "plugins"))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(err.toFile()).start();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "convstream plugins did not finish");
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertFalse(text.contains("sun.misc.Unsafe"), text);
        assertFalse(Files.readString(dir.resolve("stdout.txt")).isEmpty(), "the plugins were listed");
    }
}
