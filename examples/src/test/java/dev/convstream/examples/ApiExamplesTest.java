package dev.convstream.examples;

import dev.convstream.capture.GuitarSynth;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.io.Npy;
import dev.convstream.host.FileProcessor;
import dev.convstream.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiExamplesTest {

    @Test
    void tarsosPipelineHalvesAndRemovesDc() throws Exception {
        int n = 48_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.2 + 0.5 * Math.sin(2 * Math.PI * 441 * i / 48_000.0));
        }
        float[] y = EmbedInTarsos.process(x, 48_000, "gain(db=-6.0206) -> dcblock(cutoff=10)");
        assertEquals(n, y.length);
        double mean = 0;
        double peak = 0;
        int from = n - 10_884; // 100 whole periods of 441 Hz at 48 kHz is 10,884.35 samples: mean error < 1e-4
        for (int i = from; i < n; i++) {
            mean += y[i];
            peak = Math.max(peak, Math.abs(y[i]));
        }
        mean /= n - from;
        // A 10 Hz one-pole DC blocker has decayed the 0.1 step by e^-(2pi 10 * 0.77 s) ~ 1e-21 here.
        assertEquals(0, mean, 2e-3, "DC removed");
        // -6.02 dB halves 0.5; the DC blocker's gain at 441 Hz is 1 - O((10/441)^2/2) ~ -0.002 dB.
        assertEquals(0.25, peak, 2e-3, "sine halved");
    }

    /** Left and right differ in level, frequency and DC: each comes out halved, without DC, and on its own side. */
    @Test
    void tarsosPipelineRunsStereoChannelByChannel() throws Exception {
        int n = 48_000;
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            x[0][i] = (float) (0.2 + 0.5 * Math.sin(2 * Math.PI * 441 * i / 48_000.0));
            x[1][i] = (float) (-0.1 + 0.3 * Math.sin(2 * Math.PI * 300 * i / 48_000.0));
        }
        float[][] y = EmbedInTarsos.process(x, 48_000, "gain(db=-6.0206) -> dcblock(cutoff=10)");
        assertEquals(2, y.length);
        assertEquals(n, y[0].length);
        // The last 10,880 samples: 100 periods of 441 Hz (10,884.35) and 68 of 300 Hz (10,880), mean error < 1e-4.
        int from = n - 10_880;
        double[] peaks = {0.25, 0.15};
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            double peak = 0;
            for (int i = from; i < n; i++) {
                mean += y[c][i];
                peak = Math.max(peak, Math.abs(y[c][i]));
            }
            // As in the mono case: the DC has decayed, the DC blocker costs ~0.002 dB at these frequencies.
            assertEquals(0, mean / (n - from), 2e-3, "channel " + c + " DC removed");
            assertEquals(peaks[c], peak, 2e-3, "channel " + c + " halved, on its own side");
        }
    }

    @Test
    void processFileInTenLines(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        float[] x = GuitarSynth.render(48_000, 0.3, 0.5, 4);
        WavWriter.write(in, new float[][] {x}, 48_000, WavWriter.Format.PCM_16);
        FileProcessor.Result r = ProcessFile.process(in, out, "gain(db=-6.0206)");
        assertEquals(x.length, r.frames());
        float[] y = AudioFileReader.fromEnvironment().read(out).channels()[0];
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i += 97) {
            // both sides quantised to 16 bits: 2 LSB
            assertEquals(x[i] / 2, y[i], 2.0 / 32768, "sample " + i);
        }
    }

    @Test
    void folderFeaturesWritesOneNpyPerWav(@TempDir Path dir) throws Exception {
        Path wavs = Files.createDirectories(dir.resolve("wavs"));
        float[] a = GuitarSynth.render(48_000, 0.5, 0.5, 5);
        WavWriter.write(wavs.resolve("a.wav"), new float[][] {a}, 48_000, WavWriter.Format.PCM_16);
        WavWriter.write(wavs.resolve("b.wav"), new float[][] {GuitarSynth.render(48_000, 0.25, 0.5, 6)}, 48_000,
                WavWriter.Format.PCM_16);
        Files.writeString(wavs.resolve("notes.txt"), "not audio");
        List<Path> npys = FolderFeatures.extract(wavs, dir.resolve("features"));
        assertEquals(List.of(dir.resolve("features/a.npy"), dir.resolve("features/b.npy")), npys);
        Tensor t = Npy.read(npys.get(0));
        assertArrayEquals(new int[] {1, 1, 1 + 24_000 / 512, 64}, t.shape());
        // the file holds what the front end computes from the (16-bit) samples
        Tensor expected = new LogMelSpectrogram(LogMelConfig.builder(48_000).nMels(64).build())
                .compute(AudioFileReader.fromEnvironment().read(wavs.resolve("a.wav")).channels()[0], 48_000);
        assertArrayEquals(expected.data(), t.data(), 0f);
        assertEquals(1 + 12_000 / 512, Npy.read(npys.get(1)).shape()[2]);
        assertTrue(Files.exists(dir.resolve("features/b.npy")));
    }
}
