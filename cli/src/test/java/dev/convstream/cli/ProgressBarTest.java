package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theLaunchersWordOnTheTerminalWinsBothWays() {
        // The launcher filters the JVM's stderr through a pipe, so only its word tells a terminal.
        assertTrue(ProgressBar.stderrIsTerminal("true"));
        assertFalse(ProgressBar.stderrIsTerminal("false"));
    }

    @Test
    void withoutTheLaunchersWordARedirectedStderrIsNoTerminal() {
        // Surefire's forked JVM writes its stderr to a pipe, never to a terminal.
        assertFalse(ProgressBar.stderrIsTerminal(null));
    }

    @Test
    void barIsNeverFullerThanTheWorkDone() {
        assertEquals("[" + ".".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(0));
        assertEquals("[" + "#".repeat(ProgressBar.WIDTH) + "]", ProgressBar.bar(1));
        assertEquals("[" + "#".repeat(ProgressBar.WIDTH - 1) + ".]", ProgressBar.bar(0.999));
    }
}
