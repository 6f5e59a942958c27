package dev.convstream.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.capture.CaptureLayout.Kind;
import dev.convstream.capture.CaptureLayout.Role;
import dev.convstream.testing.LoaderContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz harness of the capture signal a user hands to {@code capture check} and {@code capture
 * train}: any bytes as the capture signal file, through {@link CaptureAlignment#check} (its
 * metadata naming the version, then its samples against that version's layout), with a valid
 * recording of it. Rejections are {@link IOException}s ({@link CaptureException} among them)
 * naming the signal file.
 *
 * <p>The real version 1 is 2 min 20 s of 24-bit audio (20 MB): too big for a fuzzer's input.
 * The harness knows it and {@link #TINY}, a 2.1-second layout of the same shape at 8 kHz, whose
 * signal as {@link CaptureSignal} writes it (51 KB) is the main seed; the others are that file
 * written as 16-bit, without the version, with an unknown version, and the first 4 KiB of a
 * version 1 file (its real metadata, its samples cut short).
 */
class CaptureSignalFuzzTest {
    private static final String NAME = "signal.wav";
    private static final String SEEDS = "CaptureSignalFuzzTestInputs/check/";
    private static final LoaderContract CONTRACT = new LoaderContract(NAME, List.of(IOException.class));

    /**
     * The smallest layout of version 1's shape: 0.05 s before each blip and 0.5 s after it hold
     * only silence (the blip search windows), as {@link CaptureLayout} requires.
     */
    static final CaptureLayout TINY = CaptureLayout.builder("fuzz-tiny", 8_000, 11)
            .addSamples("lead-in", Kind.SILENCE, Role.ALIGNMENT, 400, 0)
            .addSamples("start blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
            .addSamples("version gap", Kind.SILENCE, Role.ALIGNMENT, 4_000, 0)
            .addSamples("marker blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
            .addSamples("settle", Kind.SILENCE, Role.ALIGNMENT, 4_000, 0)
            .addSamples("sweep", Kind.SWEEP, Role.TRAINING, 800, -6)
            .addSamples("noise", Kind.WHITE_NOISE, Role.VALIDATION, 400, -12)
            .addSamples("settle", Kind.SILENCE, Role.ALIGNMENT, 400, 0)
            .addSamples("end blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, CaptureLayout.BLIP_PEAK_DB)
            .addSamples("tail", Kind.SILENCE, Role.ALIGNMENT, 4_000, 0)
            .build();

    private static final List<CaptureLayout> KNOWN = List.of(CaptureLayout.CURRENT, TINY);

    @TempDir
    static Path dir;
    private static Path recorded;

    @BeforeAll
    static void recording() throws IOException {
        // A perfect recording: the signal itself (no latency, no gear).
        recorded = dir.resolve("recorded.wav");
        CaptureSignal.write(recorded, TINY);
    }

    @FuzzTest
    void check(byte[] data) {
        Path signal = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> CaptureAlignment.check(signal, recorded, OptionalInt.empty(), KNOWN));
    }

    /** The main seed is what the capture signal writer makes of {@link #TINY} today. */
    @Test
    void mainSeedIsTheWritersOutput() throws IOException {
        Path written = dir.resolve("tiny.wav");
        CaptureSignal.write(written, TINY);
        try (InputStream seed = CaptureSignalFuzzTest.class.getResourceAsStream(SEEDS + "tiny_signal.wav")) {
            assertArrayEquals(Files.readAllBytes(written), seed.readAllBytes(),
                    "tiny_signal.wav is stale: write TINY with CaptureSignal.write again");
        }
    }

    /** The main seed passes every check: the fuzzer starts from a capture the loader accepts. */
    @Test
    void mainSeedIsAccepted() throws IOException {
        Path written = dir.resolve("accepted.wav");
        CaptureSignal.write(written, TINY);
        CaptureReport r = CaptureAlignment.check(written, recorded, OptionalInt.empty(), KNOWN);
        // The recording is the signal itself: the start blip at lag 0, less the sample of safety.
        assertEquals(-CaptureAlignment.SAFETY_SAMPLES, r.aligned().latencySamples());
        assertEquals(TINY.version(), r.aligned().signalVersion());
    }
}
