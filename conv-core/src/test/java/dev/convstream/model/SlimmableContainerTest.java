package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.AllocationMeter;
import dev.convstream.testing.NamDocuments;
import dev.convstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Submodel choice and click-free switching of {@link SlimmableContainer}, on the scalar kernels (bit-exact). */
class SlimmableContainerTest {

    private static WaveNet model(int channels, long seed) {
        WaveNetConfig c = new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, 1, channels, 3, new int[] {1, 2, 4, 8}, ActivationFunction.tanh(), false,
                        true)), 0.5f);
        return new WaveNet(c, NamDocuments.weights(c, new Random(seed)), Kernels.scalar());
    }

    private static SlimmableContainer container() {
        return new SlimmableContainer(List.of(model(2, 1), model(3, 2), model(4, 3)), new double[] {0.3, 0.6, 1.0});
    }

    /** What {@code m} alone gives for x in blocks of {@code block}. */
    private static float[] alone(StreamingModel m, float[] x, int block) {
        m.prepare(block);
        return WaveNetTest.stream(m, x, block);
    }

    @Test
    void playsTheLastSubmodelByDefaultAndPicksBySizeAsNamCore() {
        SlimmableContainer c = container();
        assertEquals(2, c.selected());
        assertEquals(2, c.defaultIndex());
        float[] x = TestData.tones(1, 1000);
        assertArrayEquals(alone(model(4, 3), x, 64), alone(c, x, 64));
        double[] max = {0.3, 0.6, 1.0};
        assertEquals(0, SlimmableContainer.indexForSize(max, 0.0));
        assertEquals(1, SlimmableContainer.indexForSize(max, 0.3), "v < max_value: 0.3 is not below 0.3");
        assertEquals(2, SlimmableContainer.indexForSize(max, 0.99));
        assertEquals(2, SlimmableContainer.indexForSize(max, 1.0), "above every max value: the last");
        c.selectSize(0.5);
        assertEquals(1, c.selected());
        assertThrows(IllegalArgumentException.class, () -> c.select(3));
    }

    @Test
    void resetGoesStraightToTheSelectedSubmodel() {
        SlimmableContainer c = container();
        float[] x = TestData.tones(2, 1000);
        c.prepare(64);
        c.select(0);
        assertArrayEquals(alone(model(2, 1), x, 64), WaveNetTest.stream(c, x, 64));
    }

    /**
     * A switch mid-stream: the old submodel plays while the new one runs unheard on the same input
     * for its receptive field, then the output is (1 - g) old + g new, g rising linearly over
     * FADE_SAMPLES, then the new one alone: each sample exactly what the two standalone outputs
     * give, so no click beyond the two signals' own differences.
     */
    @Test
    void switchingWarmsTheNewSubmodelThenCrossfadesWithoutAClick() {
        float[] x = TestData.tones(3, 6016);
        float[] old = alone(model(4, 3), x, 64);
        float[] fresh = alone(model(2, 1), x, 64);
        int rf = model(2, 1).receptiveField();
        SlimmableContainer c = container();
        c.prepare(64);
        float[] y = new float[x.length];
        int switchAt = 1024; // a block boundary
        for (int t = 0; t < x.length; t += 64) {
            if (t == switchAt) {
                c.select(0);
            }
            c.process(x, t, y, t, 64);
        }
        int fadeStart = switchAt + rf;
        int fadeEnd = fadeStart + SlimmableContainer.FADE_SAMPLES;
        for (int t = 0; t < x.length; t++) {
            float expected;
            if (t < fadeStart) {
                expected = old[t];
            } else if (t < fadeEnd) {
                float g = (float) (t - fadeStart + 1) / SlimmableContainer.FADE_SAMPLES;
                expected = old[t] + g * (fresh[t] - old[t]);
            } else {
                expected = fresh[t];
            }
            assertEquals(expected, y[t], "sample " + t);
        }
        assertEquals(0, c.playing());
    }

    /** Submodel 1's receptive field is 31 samples: asked back after 16 of them, nothing of it is heard. */
    @Test
    void askingBackBeforeTheSwitchEndsKeepsTheOldSubmodel() {
        float[] x = TestData.tones(4, 3008);
        float[] old = alone(model(4, 3), x, 16);
        SlimmableContainer c = container();
        c.prepare(16);
        float[] y = new float[x.length];
        for (int t = 0; t < x.length; t += 16) {
            if (t == 320) {
                c.select(1);
            } else if (t == 336) {
                c.select(2);
            }
            c.process(x, t, y, t, 16);
        }
        assertArrayEquals(old, y);
    }

    @Test
    @Tag("allocation")
    void switchingAllocatesNothing() {
        SlimmableContainer c = container();
        c.prepare(16);
        float[] x = TestData.tones(5, 16);
        float[] y = new float[16];
        // a budget rather than a count: on a loaded machine C2 may compile late (see AllocationMeter)
        long bytes = new AllocationMeter().allocatedOnceCompiled(() -> switching(c, x, y, 5_000), 60_000_000_000L);
        assertEquals(0, bytes, "bytes allocated while switching submodels");
    }

    private static void switching(SlimmableContainer c, float[] x, float[] y, int calls) {
        for (int i = 0; i < calls; i++) {
            if (i % 200 == 0) {
                c.select((i / 200) % 3);
            }
            c.process(x, 0, y, 0, 16);
        }
        c.reset();
    }

    @Test
    void refusesAnEmptyContainerAndUnorderedMaxValues() {
        assertThrows(IllegalArgumentException.class, () -> new SlimmableContainer(List.of(), new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlimmableContainer(List.of(model(2, 1), model(3, 2)), new double[] {0.6, 0.3}));
        assertTrue(e.getMessage().contains("strictly ascending"), e.getMessage());
    }
}
