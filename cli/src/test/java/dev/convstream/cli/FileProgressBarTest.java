package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileProgressBarTest {

    @Test
    void lineShowsFractionSecondsAndEta() {
        // 12 s of 30 s done in 2 s: 6x real time, 18 s left -> 3 s.
        assertEquals("[############..................]  40%  12.0 of 30.0 s  ETA 3 s",
                FileProgressBar.line(12 * 48_000, 30 * 48_000, 48_000, 2.0));
    }

    @Test
    void unknownLengthShowsSecondsAndSpeed() {
        assertEquals("5.0 s processed  2.5x real time", FileProgressBar.line(5 * 48_000, -1, 48_000, 2.0));
    }

    @Test
    void redrawsAreThrottledButTheEndIsAlwaysDrawn() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long[] now = {0};
        FileProgressBar bar = new FileProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), () -> now[0]);
        bar.update(100, 1000, 1000);
        bar.update(200, 1000, 1000);       // 0 ns later: skipped
        now[0] = 1_000_000;
        bar.update(1000, 1000, 1000);      // the end: drawn however soon
        bar.finish();
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.chars().filter(c -> c == '\r').count(), out);
        assertTrue(out.contains("100%") && out.endsWith(System.lineSeparator()), out);
    }
}
