package dev.convstream.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * docs/capture.md shows the current version's sections and the checks' tolerances; this test
 * keeps them true: a change to the layout or a tolerance fails here with the text to paste.
 */
class CaptureDocsTest {

    private static final Path DOC = Path.of("..", "docs", "capture.md");

    /** The layout as the docs' Markdown table. */
    static String table(CaptureLayout layout) {
        StringBuilder b = new StringBuilder("| # | section | kind | part | from (s) | length (s) | peak (dBFS) |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        double rate = layout.sampleRate();
        int i = 1;
        for (CaptureLayout.Section s : layout.sections()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.3f | %.3f | %s |%n", i++, s.name(),
                    s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    s.role().name().toLowerCase(Locale.ROOT), s.start() / rate, s.length() / rate,
                    s.kind() == CaptureLayout.Kind.SILENCE ? "-" : String.format(Locale.ROOT, "%.0f", s.peakDb())));
        }
        return b.toString();
    }

    @Test
    void theDocsShowTheCurrentLayout() throws Exception {
        String doc = Files.readString(DOC);
        String table = table(CaptureLayout.CURRENT);
        assertTrue(doc.contains(table), "docs/capture.md must hold this table:\n" + table);
        assertTrue(doc.contains("`" + CaptureLayout.CURRENT.version() + "`"), "the current version");
    }

    @Test
    void theDocsStateTheTolerances() throws Exception {
        String doc = Files.readString(DOC);
        for (String s : new String[] {
                "| lengths | the recording's length is within " + CaptureAlignment.LENGTH_TOLERANCE_SECONDS + " s of the signal's",
                CaptureAlignment.CLIP_RUN + " or more consecutive samples at \\|x\\| >= " + CaptureAlignment.CLIP_LEVEL,
                "peak below " + (int) CaptureAlignment.SILENCE_PEAK_DB + " dBFS",
                "normalised correlation >= " + CaptureAlignment.MIN_BLIP_CORRELATION,
                "more than " + CaptureAlignment.DRIFT_TOLERANCE_SAMPLES + " sample",
                (int) (CaptureLayout.MAX_LEAD_SECONDS * 1000) + " ms early to " + (int) (CaptureLayout.MAX_LATENCY_SECONDS * 1000) + " ms late",
        }) {
            assertTrue(doc.contains(s), "docs/capture.md must say: " + s);
        }
    }
}
