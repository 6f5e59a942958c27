package dev.convstream.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureLayout;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe travels to another JVM (Java serialization) and builds there the pipeline the command
 * line built: same settings, same features to the bit.
 */
class FeatureRecipeTest {

    static List<FeatureSpec> specs() {
        LogMelConfig plain = LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(32).build();
        LogMelConfig unusual = LogMelConfig.builder(22_050).nFft(1024).winLength(800).hop(256)
                .window(WindowType.HAMMING).center(true).padMode(StftConfig.PadMode.parse("constant"))
                .power(1).nMels(40).fmin(30).fmax(8000).melScale(MelScale.HTK).slaneyNorm(false)
                .amin(1e-6).ref(DbReference.MAX).topDb(Double.NaN).bandNormalization(true).build();
        LogMelConfig uncentred = LogMelConfig.builder(8_000).nFft(256).hop(80).nMels(24).center(false).topDb(60).build();
        return List.of(FeatureSpec.logMel(plain),
                new FeatureSpec(FeatureKind.MFCC, unusual, 13, 22, FeatureLayout.FEATURES_FIRST),
                new FeatureSpec(FeatureKind.MEL, uncentred, 20, 0, FeatureLayout.FRAMES_FIRST),
                new FeatureSpec(FeatureKind.STFT, plain, 20, 0, FeatureLayout.FRAMES_FIRST),
                new FeatureSpec(FeatureKind.LOG_STFT, unusual, 20, 0, FeatureLayout.FEATURES_FIRST));
    }

    @Test
    void aSerializedRecipeBuildsThePipelineOfItsSpec() throws Exception {
        float[] signal = TestAudio.mono(TestAudio.signal(44_100, 1, 0.5, 3), 1);
        for (FeatureSpec spec : specs()) {
            FeaturePipeline direct = FeaturePipeline.of(spec);
            FeaturePipeline rebuilt = travel(FeatureRecipe.of(spec)).build();
            assertEquals(direct.settings(), rebuilt.settings(), spec.toString());
            assertArrayEquals(direct.compute(signal).data(), rebuilt.compute(signal).data(), 0f, spec.toString());
        }
    }

    @Test
    void picturesTravelWithTheRecipe() throws Exception {
        FeatureRecipe plain = FeatureRecipe.of(specs().get(0));
        assertNull(travel(plain).pictures());
        FeatureRecipe drawn = travel(plain.withPng(3));
        assertEquals(3, drawn.pngMaps());
        assertNotNull(drawn.pictures());
        assertThrows(IllegalArgumentException.class, () -> plain.withPng(-1));
    }

    @Test
    void aCnnRecipeNamesItsFilesAndTheirChecksums(@TempDir Path dir) throws Exception {
        Path[] cnn = TestAudio.cnn(dir);
        FeatureSpec spec = FeatureSpec.logMel(LogMelConfig.builder(16_000).nFft(512).hop(160).nMels(16).build());
        FeaturePipeline p = travel(FeatureRecipe.of(spec, cnn[0], cnn[1], null, FeaturePipeline.CnnOutput.EMBEDDING))
                .build();
        assertEquals("arch:" + Checksums.sha256(cnn[0]) + ",weights:" + Checksums.sha256(cnn[1]),
                p.settings().path("cnn").path("identity").asText());
        assertEquals("embedding", p.settings().path("cnn").path("output").asText());
    }

    private static FeatureRecipe travel(FeatureRecipe r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (FeatureRecipe) in.readObject();
        }
    }
}
