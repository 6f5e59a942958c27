package dev.convstream.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.nam.NamFile;
import dev.convstream.testing.NamDocuments;
import org.junit.jupiter.api.Test;

import static dev.convstream.model.NamChannelModelsTest.assertClose;
import static dev.convstream.model.NamChannelModelsTest.cut;
import static dev.convstream.model.NamChannelModelsTest.naiveConvNet;
import static dev.convstream.model.NamChannelModelsTest.naiveLinear;
import static dev.convstream.model.NamChannelModelsTest.naiveLstm;
import static dev.convstream.model.NamChannelModelsTest.pad;
import static dev.convstream.model.NamChannelModelsTest.signal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files whose own model has several channels, played through
 * {@link StreamingModel#process(float[][], int, float[][], int, int)}: streamed in blocks of 1,
 * 64, 97 and 4096 they give exactly the whole signal's output ({@link StreamingModel#processOffline(float[][])}),
 * which matches the naive references of {@link NamChannelModelsTest} and {@link NaiveWaveNet}
 * within 1e-4 of the peak (the tolerance argued there: float32 sums of a few dozen terms against
 * double; a wrong channel order or row gives errors of order 1).
 */
class NamMultiChannelPlayTest {

    private static final int[] BLOCKS = {1, 64, 97, 4096};
    private static final int LENGTH = 5000;
    /** Silence before the naive models' input: longer than every receptive field here, so they start in the steady state. */
    private static final int LEAD = 64;

    @Test
    void aWaveNetOfTwoInputsAndATwoChannelHeadPlaysBothChannels() throws Exception {
        NamFile f = NamDocuments.read(NamDocuments.waveNetChannels(2, 2, 51), false);
        double[][] x = signal(2, LENGTH, 1);
        double[][] expected = cut(NaiveWaveNet.run(f.wavenet(), f.weights(), pad(x, LEAD)), LEAD);
        check(f, 2, 2, x, expected);
    }

    @Test
    void anLstmOfTwoInputsAndTwoOutputsPlaysFromNamCoresPrewarm() throws Exception {
        NamFile f = NamDocuments.read(NamDocuments.lstmChannels(2, 3, 2, 2, 52), false);
        LstmConfig c = f.lstm();
        double[][] x = signal(2, LENGTH, 2);
        check(f, 2, 2, x, naiveLstm(f.weights(), 2, 3, 2, 2, c.prewarmSamples(), x));
    }

    @Test
    void aConvNetOfTwoInputsAndThreeOutputsPlaysAllThree() throws Exception {
        int[] dilations = {1, 2, 4};
        NamFile f = NamDocuments.read(NamDocuments.convNetChannels(2, 4, dilations, 3, 53), false);
        double[][] x = signal(2, LENGTH, 3);
        double[][] expected = cut(naiveConvNet(f.weights(), 2, 4, dilations, 1, false, 3, pad(x, LEAD)), LEAD);
        check(f, 2, 3, x, expected);
    }

    @Test
    void aLinearOfTwoInputsAndOneOutputSumsItsPaths() throws Exception {
        NamFile f = NamDocuments.read(NamDocuments.linearChannels(37, 2, 1, true, 54), false);
        double[][] x = signal(2, LENGTH, 4);
        check(f, 2, 1, x, naiveLinear(f.weights(), 37, true, 2, 1, true, x));
    }

    @Test
    void aLinearOfOneInputAndTwoOutputsFansOut() throws Exception {
        for (boolean perPath : new boolean[] {true, false}) {
            NamFile f = NamDocuments.read(NamDocuments.linearChannels(37, 1, 2, perPath, 55), false);
            double[][] x = signal(1, LENGTH, 5);
            check(f, 1, 2, x, naiveLinear(f.weights(), 37, true, 1, 2, perPath, x));
        }
    }

    @Test
    void theMonoCallOfAModelOfSeveralChannelsSaysWhichCallToUse() throws Exception {
        StreamingModel m = NamDocuments.read(NamDocuments.lstmChannels(2, 3, 1, 2, 56), false).newModel();
        m.prepare(8);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.process(new float[8], 0, new float[8], 0, 8));
        assertTrue(e.getMessage().contains("2 input(s) and 2 output(s)"), e.getMessage());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> m.process(new float[][] {new float[8]}, 0, new float[2][8], 0, 8));
        assertTrue(few.getMessage().contains("in must hold 2 channel array(s), found 1"), few.getMessage());
    }

    /** The multi-channel call of a mono model is its mono call, bit for bit, on every architecture. */
    @Test
    void theChannelCallOfAMonoModelIsItsMonoCall() throws Exception {
        ObjectNode[] docs = {NamDocuments.randomWaveNet(5, true, "Tanh", "ReLU"), NamDocuments.lstm(3, 1, 57),
                NamDocuments.convNet(3, new int[] {1, 2}, true, "Tanh", 58),
                NamDocuments.container(NamDocuments.lstm(3, 1, 59), NamDocuments.lstm(4, 1, 60))};
        for (ObjectNode doc : docs) {
            StreamingModel model = NamDocuments.read(doc, false).newModel(Kernels.scalar());
            assertEquals(1, model.inputChannels());
            assertEquals(1, model.outputChannels());
            float[] x = new float[LENGTH];
            double[][] s = signal(1, LENGTH, 6);
            for (int t = 0; t < LENGTH; t++) {
                x[t] = (float) s[0][t];
            }
            float[] mono = model.processOffline(x);
            assertArrayEquals(mono, model.processOffline(new float[][] {x})[0], doc.get("architecture").asText());
        }
    }

    /**
     * The model of {@code f} has the channel counts given, and streams {@code x} in every block
     * size (in place in the blocks of 97) to the whole signal's output, which matches {@code expected}.
     */
    private static void check(NamFile f, int ins, int outs, double[][] x, double[][] expected) {
        StreamingModel model = f.newModel(Kernels.preferred());
        assertEquals(ins, f.inputChannels());
        assertEquals(outs, f.outputChannels());
        assertEquals(ins, model.inputChannels());
        assertEquals(outs, model.outputChannels());
        float[][] in = new float[ins][LENGTH];
        for (int c = 0; c < ins; c++) {
            for (int t = 0; t < LENGTH; t++) {
                in[c][t] = (float) x[c][t];
            }
        }
        float[][] whole = model.processOffline(in);
        assertClose(expected, whole);
        for (int block : BLOCKS) {
            float[][] y = stream(model, in, block, block == 97);
            for (int o = 0; o < outs; o++) {
                assertArrayEquals(whole[o], y[o], f.architecture() + " output " + o + " in blocks of " + block);
            }
        }
    }

    /** {@code in} through {@code model} from a fresh prepare in blocks of {@code block}, at offsets, optionally in place. */
    private static float[][] stream(StreamingModel model, float[][] in, int block, boolean inPlace) {
        model.prepare(block);
        int rows = Math.max(model.inputChannels(), model.outputChannels());
        float[][] buffer = new float[rows][LENGTH + 3];
        float[][] out = inPlace ? buffer : new float[model.outputChannels()][LENGTH + 3];
        for (int c = 0; c < in.length; c++) {
            System.arraycopy(in[c], 0, buffer[c], 3, LENGTH);
        }
        for (int t = 0; t < LENGTH; t += block) {
            model.process(buffer, 3 + t, out, 3 + t, Math.min(block, LENGTH - t));
        }
        float[][] y = new float[model.outputChannels()][];
        for (int o = 0; o < y.length; o++) {
            y[o] = java.util.Arrays.copyOfRange(out[o], 3, 3 + LENGTH);
        }
        return y;
    }
}
