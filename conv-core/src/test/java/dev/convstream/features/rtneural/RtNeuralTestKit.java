package dev.convstream.features.rtneural;

import dev.convstream.testing.AllocationMeter;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the RTNeural loader tests share: their copied resources, and the stream checks every model gets. */
final class RtNeuralTestKit {
    private RtNeuralTestKit() {
    }

    /** {@code features/<folder>/<name>} from the test resources (rtneural-torch, rtneural-keras). */
    static Path resource(String folder, String name) {
        String path = "features/" + folder + "/" + name;
        try {
            return Path.of(RtNeuralTestKit.class.getResource("/" + path).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + path + " missing", e);
        }
    }

    /** A comma-separated table, one row per non-blank line. */
    static double[][] csv(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    /** {@code reset} then {@code process} of 64-frame blocks allocate nothing once prepared and warm. */
    static void assertAudioPathAllocatesNothing(List<RtNeuralModel> models) {
        AllocationMeter meter = new AllocationMeter();
        for (RtNeuralModel m : models) {
            int block = 64;
            float[] in = new float[block * m.inputSize()];
            Arrays.fill(in, 0.25f);
            float[] out = new float[block * m.outputSize()];
            m.prepare(block);
            Runnable work = () -> {
                m.reset();
                m.process(in, out, block);
            };
            long bytes = meter.allocatedOnceWarm(() -> {
                for (int i = 0; i < 2000; i++) {
                    work.run();
                }
            }, work, 5);
            assertEquals(0, bytes, m.describe() + " allocated on the audio path");
        }
    }

    /**
     * Random input of {@code frames} frames processed in blocks of each split's sizes (cycled)
     * gives exactly the output of one whole-signal call.
     */
    static void assertAnyBlockSplitGivesTheWholeSignal(RtNeuralModel model, int frames, int[][] splits) {
        float[] in = new float[frames * model.inputSize()];
        Random r = new Random(7);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat() * 2 - 1;
        }
        float[] whole = new float[frames * model.outputSize()];
        model.prepare(frames);
        model.reset();
        model.process(in, whole, frames);
        int largest = Arrays.stream(splits).flatMapToInt(Arrays::stream).max().orElse(1);
        for (int[] split : splits) {
            model.prepare(largest);
            model.reset();
            float[] got = new float[whole.length];
            int done = 0;
            for (int b = 0; done < frames; b++) {
                int n = Math.min(split[b % split.length], frames - done);
                model.process(in, done * model.inputSize(), got, done * model.outputSize(), n);
                done += n;
            }
            assertArrayEquals(whole, got, model.describe() + " blocks " + Arrays.toString(split));
        }
    }
}
