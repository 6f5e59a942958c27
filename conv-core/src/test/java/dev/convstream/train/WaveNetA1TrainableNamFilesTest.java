package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestWav;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * NAM's own A1 standard file ({@code shared/nam/wavenet_a1_standard.nam}, skipped when absent)
 * with its weights taken as the trainable model's parameters: the forward gives what convstream's
 * inference gives (bit for bit on the scalar kernels) and what NAM core gives (its reference
 * output for input.wav, within 1e-5 of the peak: the bound NamSharedFilesTest states for
 * inference). This proves the trainable model reads NAM's weight order.
 */
class WaveNetA1TrainableNamFilesTest {

    @Test
    void referenceA1FileGivesInferencesAndNamCoresOutput() throws Exception {
        Path dir = NamDocuments.sharedNamDirOrSkip();
        NamFile file = new NamLoader().load(dir.resolve("wavenet_a1_standard.nam"));
        WaveNetA1Trainable model = new WaveNetA1Trainable(file.wavenet(), file.weights(), Kernels.scalar());
        assertEquals(A1Architecture.STANDARD.config(), file.wavenet(), "the file is NAM's A1 standard");
        float[] x = TestWav.readMono(dir.resolve("input.wav"));
        float[] core = NamDocuments.namCoreOutput(dir, "wavenet_a1_standard__guitar.f32");
        float[] streamed = file.newModel(Kernels.scalar()).processOffline(x);
        // a segment around the start of the guitar (input.wav is silent for its first second)
        int from = 44_000;
        int length = 16_000;
        int rf = model.receptiveField();
        float[] prediction = new float[length - rf + 1];
        model.forward(model.workspace(length), x, from, length, prediction);
        double peak = 0;
        double diff = 0;
        for (int t = 0; t < prediction.length; t++) {
            int at = from + rf - 1 + t;
            assertEquals(Float.floatToIntBits(streamed[at]), Float.floatToIntBits(prediction[t]),
                    "sample " + at + ": inference " + streamed[at] + ", trainable " + prediction[t]);
            peak = Math.max(peak, Math.abs(core[at]));
            diff = Math.max(diff, Math.abs(core[at] - prediction[t]));
        }
        assertTrue(peak > 0.01, "the segment is not silent (peak " + peak + ")");
        assertTrue(diff <= 1e-5 * peak, "max difference from NAM core " + diff + " > 1e-5 of peak " + peak);
    }
}
