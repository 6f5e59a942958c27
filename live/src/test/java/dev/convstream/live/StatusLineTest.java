package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.PluginChain;
import dev.convstream.plugins.gain.GainPlugin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    /** A session over an engine driven by the test. */
    private record Session(LiveEngine engine, StreamInfo info) implements LiveSession {
        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public Throwable failure() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    private static Session session() {
        LiveEngine engine = new LiveEngine(new PluginChain(List.of(new GainPlugin())));
        engine.prepare(48_000, 128, 1, 2);
        return new Session(engine, new StreamInfo("javasound", "default", "default", 48_000, 128, 1, 2, "s16", 1_536));
    }

    @Test
    void theLineCarriesBlockLatencyLoadXrunsAndLevels() {
        Session s = session();
        float[][] in = {new float[128]};
        float[][] out = new float[2][128];
        in[0][5] = 0.5f;
        s.engine().process(in, 0, out, 0, 128);
        s.engine().noteXrun();
        String line = new StatusLine(s).next();
        assertTrue(line.startsWith("block 128 | latency 32.0 ms | load p50 "), line);
        assertTrue(line.contains("| xruns 1 | in -6.0 dBFS | out -6.0 dBFS"), line);
    }

    @Test
    void silenceReadsMinusInfinityAndAnEmptyWindowZeroLoad() {
        String line = new StatusLine(session()).next();
        assertEquals("block 128 | latency 32.0 ms | load p50 0% p99 0% | xruns 0 | in -inf dBFS | out -inf dBFS", line);
    }

    @Test
    void notOnATerminalThePrinterWritesPlainLines() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StatusPrinter p = new StatusPrinter(new StatusLine(session()), new PrintStream(bytes, true,
                StandardCharsets.UTF_8), false)) {
            Thread.sleep(StatusPrinter.PLAIN_PERIOD_MILLIS * 2 + 300);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!text.contains("\r") && text.lines().count() >= 2 && text.startsWith("block 128"), text);
    }

    @Test
    void onATerminalThePrinterRewritesOneLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StatusPrinter p = new StatusPrinter(new StatusLine(session()), new PrintStream(bytes, true,
                StandardCharsets.UTF_8), true)) {
            Thread.sleep(StatusPrinter.TERMINAL_PERIOD_MILLIS * 3 + 100);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\rblock 128") && text.chars().filter(c -> c == '\r').count() >= 2
                && text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
    }
}
