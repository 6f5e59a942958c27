package dev.convstream.cli.demo;

import dev.convstream.capture.GuitarSynth;
import dev.convstream.audio.AudioFileReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.features.io.Npy;
import dev.convstream.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmpDemoTest {

    @Test
    void demoWritesEveryFileAndTheAmpChangesTheSignal(@TempDir Path dir) throws Exception {
        AmpDemo.Result r = AmpDemo.run(dir.resolve("out"), 1.0, 64, AmpDemo.DEFAULT_DRIVE_DB);
        for (Path p : r.files().all()) {
            assertTrue(Files.size(p) > 0, p + " missing or empty");
        }
        AudioFileReader.Decoded out = AudioFileReader.fromEnvironment().read(r.files().outputWav());
        assertEquals(48_000f, out.sampleRate());
        assertEquals(1, out.channels().length);
        assertEquals(48_000, out.frames());
        float peak = 0;
        double energy = 0;
        int fullScale = 0;
        for (float v : out.channels()[0]) {
            peak = Math.max(peak, Math.abs(v));
            energy += v * v;
            if (Math.abs(v) > 0.999f) {
                fullScale++;
            }
        }
        // Normalised to -1 dBFS = 0.891; 16-bit quantisation is 3e-5.
        assertEquals(0.891, peak, 1e-3);
        assertEquals(0, fullScale, "no sample at full scale: not clipped");
        assertTrue(Math.sqrt(energy / out.frames()) > 0.02, "not silent");

        Tensor mel = Npy.read(r.files().outputFeatures());
        // centred STFT: 1 + floor(48000 / 256) frames of 128 mels
        assertArrayEquals(new int[] {1, 1, 188, 128}, mel.shape());
        assertArrayEquals(mel.shape(), Npy.read(r.files().inputFeatures()).shape());

        BufferedImage png = ImageIO.read(r.files().spectrogramPng().toFile());
        assertTrue(png.getWidth() > 188 && png.getHeight() > 2 * 256, png.getWidth() + "x" + png.getHeight());

        // A gain would leave a residual of 0; the NAM amp saturates and filters.
        assertTrue(r.ampResidual() > 0.2, "amp residual " + r.ampResidual());
        assertTrue(r.realTimeFactor() > 0, "rtf " + r.realTimeFactor());
    }

    @Test
    void residualIsZeroForAGainAndLargeForAnUnrelatedSignal() {
        float[] x = GuitarSynth.render(48_000, 0.2, 0.5, 1);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= -3;
        }
        assertEquals(0, AmpDemo.residual(x, y), 1e-3);
        float[] z = GuitarSynth.render(48_000, 0.2, 0.5, 2);
        assertTrue(AmpDemo.residual(x, z) > 0.9);
    }

    @Test
    void cabinetPassesMidsBoostsPresenceAndCutsTheTop() {
        float[] ir = CabinetIr.design(48_000, AmpDemo.CABINET_TAPS);
        double mid = CabinetIr.responseDb(ir, 500, 48_000);
        double presence = CabinetIr.responseDb(ir, CabinetIr.RESONANCE_HZ, 48_000);
        double top = CabinetIr.responseDb(ir, 10_000, 48_000);
        assertEquals(0, mid, 1.5, "500 Hz");
        assertTrue(presence - mid > 2 && presence - mid < 6, "presence bump " + (presence - mid) + " dB");
        // The low-pass alone is ~-74 dB there; the resonance's own tail (0.008 / |1 - e^(j 2pi 8.4k/48k)|) leaks ~-43 dB.
        assertTrue(top < -38, "10 kHz at " + top + " dB");
    }

    @Test
    void guitarIsDeterministicAndAtThePeakAsked() {
        float[] a = GuitarSynth.render(48_000, 0.5, 0.5, 3);
        assertArrayEquals(a, GuitarSynth.render(48_000, 0.5, 0.5, 3));
        float peak = 0;
        for (float v : a) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(0.5f, peak, 1e-6f);
    }
}
