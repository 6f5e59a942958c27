package dev.convstream.model.nam;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.StreamingModel;
import dev.convstream.testing.LoaderContract;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Fuzz harness of {@link NamLoader}: any bytes as a {@code .nam} document. Accepted files must
 * also build, prepare and run one block, so every architecture the loader accepts is covered
 * without naming it here (an architecture added to the loader is fuzzed as soon as its seed is
 * in the corpus). Rejections are {@link NamFormatException}s starting with the file's name.
 * Seeds: the small files of NeuralAmpModelerCore (MIT, LICENSE.NeuralAmpModelerCore beside the
 * inputs folder) and one Linear file. The scalar kernels run the model: the Vector API boxes
 * its vectors until C2 compiles them, tens of megabytes a fuzzer would take for a finding.
 */
class NamLoaderFuzzTest {
    private static final String NAME = "fuzz.nam";
    private static final LoaderContract CONTRACT = new LoaderContract(NAME, List.of(NamFormatException.class));
    private static final int BLOCK = 64;

    @FuzzTest
    void load(byte[] data) {
        CONTRACT.check(data.length, () -> {
            NamFile file = new NamLoader().read(new ByteArrayInputStream(data), NAME);
            StreamingModel model = file.newModel(Kernels.scalar());
            if (model.receptiveField() < 1 || model.latency() < 0) {
                throw new AssertionError("accepted model has receptive field " + model.receptiveField()
                        + " and latency " + model.latency());
            }
            model.prepare(BLOCK);
            float[] in = new float[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                in[i] = (float) Math.sin(i * 0.1);
            }
            model.process(in, new float[BLOCK], BLOCK);
        });
    }
}
