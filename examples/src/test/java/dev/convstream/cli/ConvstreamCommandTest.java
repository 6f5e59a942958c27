package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConvstreamCommandTest {

    @Test
    void demoRunsAndReportsTheFilter() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute("demo", "--seconds", "0.25");
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.contains("Conv1d"), out);
        assertTrue(out.contains("real time"), out);
        assertTrue(out.contains("stopband"), out);
    }

    @Test
    void badOptionIsAUsageError() {
        assertEquals(2, ConvstreamCommand.execute("demo", "--seconds", "-1"));
        assertEquals(2, ConvstreamCommand.execute("no-such-command"));
    }
}
