package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The live command's options, without a sound card: what is refused, with which code and words. */
class LiveCommandTest {

    /** Runs {@code command} with stderr captured; returns "code|stderr". */
    private static String run(IntSupplier command) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = command.getAsInt();
        } finally {
            System.setErr(original);
        }
        return code + "|" + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownSampleFormatIsAUsageErrorNamingTheFormats() {
        String r = run(() -> ConvstreamCommand.execute("live", "--chain", "gain", "--format", "s20"));
        assertTrue(r.startsWith("2|") && r.contains("unknown sample format 's20'") && r.contains("s16, s24, s32, f32"), r);
    }

    @Test
    void aBadBlockOrLatencyIsAUsageError() {
        String block = run(() -> ConvstreamCommand.execute("live", "--chain", "gain", "--block", "3"));
        assertTrue(block.startsWith("2|") && block.contains("block size must be 0 (default) or in [16, 65536]"), block);
        String latency = run(() -> ConvstreamCommand.execute("live", "--chain", "gain", "--latency", "-1"));
        assertTrue(latency.startsWith("2|") && latency.contains("latency target"), latency);
    }

    @Test
    void aChainAndMeasureLatencyExcludeEachOtherAndOneIsNeeded() {
        assertTrue(run(() -> ConvstreamCommand.execute("live", "--chain", "gain", "--measure-latency")).startsWith("2|"));
        assertTrue(run(() -> ConvstreamCommand.execute("live")).startsWith("2|"));
    }

    @Test
    void anUnknownBackendIsAUsageErrorNamingTheBackends() {
        String r = run(() -> ConvstreamCommand.execute("live", "--chain", "gain", "--backend", "asio"));
        assertTrue(r.startsWith("2|") && r.contains("unknown audio backend 'asio'") && r.contains("javasound"), r);
    }

    @Test
    void devicesSucceedsWithOrWithoutASoundCard() {
        assertEquals("0", run(() -> ConvstreamCommand.execute("devices")).split("\\|")[0]);
    }
}
