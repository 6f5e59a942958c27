package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestWav;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NamModernFilesTest {
    private static Path dir;

    @BeforeAll
    static void findFolder() {
        dir = NamDocuments.sharedNamDir().orElse(null);
        Assumptions.assumeTrue(dir != null, "no shared/nam");
    }

    static float[] reference(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("reference").resolve(name)))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(y);
        return y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wavenet", "wavenet_a1_standard", "A2", "slimmable_wavenet", "wavenet_a2_max",
            "wavenet_condition_dsp", "wavenet_minimal", "wavenet_standard"})
    void probe(String name) throws Exception {
        NamFile f = new NamLoader().load(dir.resolve(name + ".nam"));
        float[] x = TestWav.readMono(dir.resolve("input.wav"));
        float[] ref = reference(name + "__guitar.f32");
        StreamingModel m = f.newModel(Kernels.scalar());
        m.prepare(64);
        float[] y = WaveNetTest.stream(m, x, 64);
        double peak = 0, diff = 0;
        int at = 0;
        for (int t = 0; t < x.length; t++) {
            peak = Math.max(peak, Math.abs(ref[t]));
            double d = Math.abs(ref[t] - y[t]);
            if (d > diff) { diff = d; at = t; }
        }
        System.out.println(name + ": peak " + peak + " maxdiff " + diff + " at " + at + " rel " + diff / peak
            + " first ref " + ref[0] + " ours " + y[0]);
    }
}
