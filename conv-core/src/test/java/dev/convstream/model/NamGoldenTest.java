package dev.convstream.model;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An LSTM (2 layers of 4, random h0/c0) and a batch-normed ConvNet against numpy's float64
 * outputs, written with the models by {@code src/test/resources/nam/generate_nam_golden.py}.
 */
class NamGoldenTest {

    /**
     * Tolerance 1e-5 of the output's peak: float32 model against a float64 reference rounded
     * once, with tanh and sigmoid within 2-3 float ulps; a few ulps of O(1) states.
     */
    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void lstmAndConvNetMatchNumpy(Kernels kernels) throws IOException {
        float[] x = f32("golden_input.f32");
        for (String name : new String[] {"golden_lstm", "golden_convnet"}) {
            StreamingModel m;
            try (InputStream in = NamGoldenTest.class.getResourceAsStream("/nam/" + name + ".nam")) {
                m = new NamLoader().read(in, name + ".nam").newModel(kernels);
            }
            m.prepare(97);
            float[] y = LstmTest.stream(m, x, 97);
            float[] expected = f32(name + ".f32");
            assertEquals(x.length, expected.length, name);
            double peak = LstmTest.peak(expected);
            assertTrue(peak > 0.1, name + ": a signal worth comparing, peak " + peak);
            double diff = LstmTest.maxDifference(expected, y);
            assertTrue(diff <= 1e-5 * peak, name + ", " + kernels.name() + ": max difference " + diff + ", peak " + peak);
        }
    }

    private static float[] f32(String name) throws IOException {
        try (InputStream in = NamGoldenTest.class.getResourceAsStream("/nam/" + name)) {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] y = new float[b.remaining() / Float.BYTES];
            b.asFloatBuffer().get(y);
            return y;
        }
    }
}
