package dev.convstream.features.rtneural;

import dev.convstream.kernel.Kernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GRU and LSTM layers of RTNeural's Keras export against RTNeural's own models and reference
 * outputs ({@code models/gru_1d.json}: GRU(8) + Dense(8, sigmoid) + Dense(1);
 * {@code models/lstm_1d.json}: LSTM(8) + Dense(1); {@code test_data/*_1d_y_python.csv}; copies
 * in features/rtneural-keras, see NOTICE-RTNeural.txt in features/rtneural-torch; the input,
 * {@code 10 sin(0.1 pi n)}, is written by check_keras_recurrent.py there, which also checks the
 * copies against a numpy forward pass).
 *
 * <p>Tolerance 2e-5 absolute: the references are Keras float32 outputs (numpy float64 agrees
 * with them to 1.4e-7), convstream runs float32 weights with double gate sums, and the input
 * reaches +-10, so the first gate sums carry float32 rounding near 1e-6; a swapped z/r or i/f
 * gate, or the GRU's reset applied before the recurrent bias, moves outputs by 1e-2 or more.
 */
class RtNeuralKerasRecurrentTest {
    private static final double TOLERANCE = 2e-5;

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void gruThenDenseMatchesRtNeuralReference(Kernels kernels) throws IOException {
        check(kernels, "gru_1d");
    }

    @ParameterizedTest
    @MethodSource("dev.convstream.testing.KernelFamilies#both")
    void lstmThenDenseMatchesRtNeuralReference(Kernels kernels) throws IOException {
        check(kernels, "lstm_1d");
    }

    private static void check(Kernels kernels, String name) throws IOException {
        RtNeuralModel model = new RtNeuralLoader(kernels).load(file(name + ".json"));
        assertEquals(0, model.validPaddingDelay());
        float[] x = floats(csv("recurrent_1d_x.csv"));
        double[] want = csv(name + "_y_python.csv");
        float[] y = new float[x.length];
        model.prepare(x.length);
        for (int pass = 0; pass < 2; pass++) { // reset() zeroes the hidden (and cell) state
            model.reset();
            model.process(x, y, x.length);
            for (int t = 0; t < want.length; t++) {
                assertEquals(want[t], y[t], TOLERANCE, name + " pass " + pass + " frame " + t);
            }
        }
    }

    /** Blocks of 1, 7, 64 and a mixed sequence give the whole-signal output exactly. */
    @Test
    void anyBlockSplitGivesTheWholeSignalOutput() throws IOException {
        for (String name : List.of("gru_1d", "lstm_1d")) {
            RtNeuralModel model = new RtNeuralLoader(Kernels.scalar()).load(file(name + ".json"));
            float[] x = floats(csv("recurrent_1d_x.csv"));
            float[] whole = new float[x.length];
            model.prepare(x.length);
            model.reset();
            model.process(x, whole, x.length);
            for (int[] split : new int[][] {{1}, {7}, {64}, {1, 5, 64, 2, 13, 3}}) {
                model.prepare(64);
                model.reset();
                float[] got = new float[x.length];
                int done = 0;
                for (int b = 0; done < x.length; b++) {
                    int n = Math.min(split[b % split.length], x.length - done);
                    model.process(x, done, got, done, n);
                    done += n;
                }
                assertArrayEquals(whole, got, name + " blocks " + Arrays.toString(split));
            }
        }
    }

    @Test
    @Tag("allocation")
    void processAndResetDoNotAllocate() throws IOException {
        RtNeuralLoader loader = new RtNeuralLoader(Kernels.scalar());
        RtNeuralTestKit.assertAudioPathAllocatesNothing(List.of(loader.load(file("gru_1d.json")),
                loader.load(file("lstm_1d.json"))));
    }

    /** Keras's reset_after=False GRU (one bias row), which RTNeural does not read, is refused by name. */
    @Test
    void aResetBeforeGruBiasIsRefused() {
        String gru = "{\"type\": \"gru\", \"shape\": [null, null, 1], \"weights\": [[[0.1, 0.2, 0.3]], [[0.1, 0.2, 0.3]],"
                + " [0.0, 0.0, 0.0]]}";
        var e = assertThrows(IllegalArgumentException.class, () -> new RtNeuralLoader(Kernels.scalar())
                .parse("{\"in_shape\": [null, null, 1], \"layers\": [" + gru + "]}"));
        assertEquals("layers[0].weights[2]: a GRU bias of shape [3] is Keras's reset_after=False form, which RTNeural "
                + "does not read; expected [2, 3]", e.getMessage());
    }

    /** RTNeural computes the cell with tanh whatever the field says; another name is refused, not silently changed. */
    @Test
    void aCellActivationOtherThanTanhIsRefused() {
        String lstm = "{\"type\": \"lstm\", \"activation\": \"relu\", \"weights\": [[[0.1, 0.2, 0.3, 0.4]],"
                + " [[0.1, 0.2, 0.3, 0.4]], [0.0, 0.0, 0.0, 0.0]]}";
        var e = assertThrows(IllegalArgumentException.class, () -> new RtNeuralLoader(Kernels.scalar())
                .parse("{\"in_shape\": [null, null, 1], \"layers\": [" + lstm + "]}"));
        assertTrue(e.getMessage().startsWith("layers[0].activation: 'relu' for lstm"), e.getMessage());
    }

    /** The recurrent kernel's shape is checked against the units the kernel implies. */
    @Test
    void aRecurrentKernelOfTheWrongShapeNamesTheArray() {
        String gru = "{\"type\": \"gru\", \"weights\": [[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]], [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]],"
                + " [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]]}";
        var e = assertThrows(IllegalArgumentException.class, () -> new RtNeuralLoader(Kernels.scalar())
                .parse("{\"in_shape\": [null, null, 1], \"layers\": [" + gru + "]}"));
        assertEquals("layers[0].weights[1] has shape [1, 6], expected [2, 6]", e.getMessage());
    }

    private static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    private static Path file(String name) {
        return RtNeuralTestKit.resource("rtneural-keras", name);
    }

    private static double[] csv(String name) throws IOException {
        return Files.readAllLines(file(name)).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }
}
