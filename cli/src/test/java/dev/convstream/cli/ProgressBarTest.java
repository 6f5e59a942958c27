package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theLaunchersWordOnTheTerminalWinsBothWays() {
        // The launcher filters the JVM's stderr through a pipe, so only its word tells a terminal.
        assertTrue(ProgressBar.stderrIsTerminal("true"));
        assertFalse(ProgressBar.stderrIsTerminal("false"));
    }

    @Test
    void withoutTheLaunchersWordStderrItselfIsLookedAt() throws Exception {
        // Surefire's forked JVM writes stderr to a pipe or file, never a terminal.
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            String target = Files.readSymbolicLink(fd2).toString();
            assertEquals(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty"),
                    ProgressBar.stderrIsTerminal(null));
        }
        assertEquals(ProgressBar.stderrIsTerminal(null),
                ProgressBar.stderrIsTerminal(System.getProperty(ProgressBar.LAUNCHER_TERMINAL)));
    }

    @Test
    void barIsNeverFullerThanTheWorkDone() {
        assertEquals("[" + ".".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(0));
        assertEquals("[" + "#".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(1));
        assertEquals("[" + "#".repeat(ProgressBar.WIDTH - 1) + ".]", ProgressBar.bar(0.999));
    }
}
