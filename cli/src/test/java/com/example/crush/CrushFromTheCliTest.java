package com.example.crush;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.cli.ConvstreamCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin template as a user meets it: its classes and its services file are on the class
 * path of the convstream CLI (as with {@code java -cp convstream.jar:plugin.jar}), and the CLI
 * finds it through ServiceLoader without being told about it.
 */
class CrushFromTheCliTest {

    @Test
    void pluginsCommandListsIt() {
        String out = run(0, "plugins");
        assertTrue(out.contains("crush") && out.contains("bits"), out);
    }

    @Test
    void processCrushesAFileToFourBits(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        float[] x = new float[4_800];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.9 * Math.sin(2 * Math.PI * 100 * i / 48_000.0));
        }
        WavWriter.write(in, new float[][] {x}, 48_000, WavWriter.Format.PCM_16);
        run(0, "process", in.toString(), out.toString(), "--chain", "crush(bits=4)");
        float[] y = AudioFileReader.fromEnvironment().read(out).channels()[0];
        assertEquals(x.length, y.length);
        Set<Float> levels = new HashSet<>();
        for (int i = 0; i < y.length; i++) {
            float expected = Math.round(x[i] * 8) / 8f; // 4 bits: steps of 1/8
            assertEquals(expected, y[i], 2.0 / 32768, "sample " + i); // 16-bit file quantisation
            levels.add(Math.round(y[i] * 8) / 8f);
        }
        // 0.9 amplitude on a 1/8 grid: -7/8 .. 7/8 = 15 levels
        assertEquals(15, levels.size());
    }

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = ConvstreamCommand.execute(args);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, out);
        return out;
    }
}
