package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.NamDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .nam} model of 2 inputs and 2 outputs through the command line: {@code process} on a
 * stereo WAV plays the model on both channels together (its output is the model's own, within the
 * 16-bit output's quantisation), a mono WAV is refused naming the model and the counts before
 * anything is written, and {@code info} prints the channel counts.
 */
class NamChannelsCommandTest {

    private static final float RATE = 48_000;
    /** One step of the 16-bit output: the file is written at the 16-bit input's depth. */
    private static final double LSB = 1.0 / 32_768;

    @TempDir
    Path dir;

    private static PluginCommandsTest.Run run(String... args) {
        return PluginCommandsTest.run(Map.of(), args);
    }

    private static PluginCommandsTest.Run process(Path in, Path out, Path model) {
        return run("process", in.toString(), out.toString(), "--chain", "nam(model=" + model + ")", "--no-progress");
    }

    private Path wav(String name, int channels) throws Exception {
        float[][] x = new float[channels][9_600];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < x[c].length; i++) {
                x[c][i] = (float) (0.3 * Math.sin(2 * Math.PI * (440 + 220 * c) * i / RATE));
            }
        }
        Path in = dir.resolve(name);
        WavWriter.write(in, x, RATE, WavWriter.Format.PCM_16);
        return in;
    }

    @Test
    void aStereoModelProcessesAStereoFileAsTheModelItself() throws Exception {
        Path model = NamDocuments.write(dir.resolve("stereo.nam"), NamDocuments.waveNetChannels(2, 2, 121));
        Path in = wav("in.wav", 2);
        Path out = dir.resolve("out.wav");
        PluginCommandsTest.Run r = process(in, out, model);
        assertEquals(0, r.code(), r.out() + r.err());
        float[][] x = AudioFileReader.fromEnvironment().read(in).channels();
        float[][] expected = new NamLoader().load(model).newModel(Kernels.preferred()).processOffline(x);
        float[][] y = AudioFileReader.fromEnvironment().read(out).channels();
        assertEquals(2, y.length, "two channels out");
        for (int c = 0; c < 2; c++) {
            assertEquals(x[0].length, y[c].length);
            double peak = 0;
            for (int i = 0; i < y[c].length; i++) {
                double e = Math.max(-1, Math.min(1, expected[c][i]));
                peak = Math.max(peak, Math.abs(e));
                if (Math.abs(e - y[c][i]) > LSB) {
                    fail("channel " + c + " frame " + i + ": expected " + e + ", found " + y[c][i]);
                }
            }
            assertTrue(peak > 0.01, "channel " + c + " is not silent");
        }
    }

    @Test
    void aMonoFileThroughAStereoModelIsRefusedNamingTheModelAndTheCounts() throws Exception {
        Path model = NamDocuments.write(dir.resolve("stereo.nam"), NamDocuments.waveNetChannels(2, 2, 122));
        Path in = wav("mono.wav", 1);
        Path out = dir.resolve("out.wav");
        PluginCommandsTest.Run r = process(in, out, model);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("cannot take 1 channel(s)") && r.err().contains("has 2 inputs and 2 outputs"),
                r.err());
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    void infoPrintsTheChannelCounts() throws Exception {
        Path model = NamDocuments.write(dir.resolve("c.nam"), NamDocuments.convNetChannels(2, 4, new int[] {1, 2}, 3, 123));
        PluginCommandsTest.Run r = run("info", model.toString(), "--warmup", "0.1", "--measure", "0.1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("channels          2 in, 3 out (reads a stream's first 2 channel(s), writes 3)"),
                r.out());
        assertTrue(r.out().contains("real-time factor"), r.out());
        Path mono = NamDocuments.write(dir.resolve("m.nam"), NamDocuments.lstm(3, 1, 5));
        assertTrue(run("info", mono.toString(), "--measure", "0").out().contains("channels          1 in, 1 out (mono"));
    }
}
