package dev.convstream.features.rtneural;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.kernel.Kernels;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link RtNeuralLoader}: any bytes as an RTNeural JSON model file. Accepted
 * models must prepare and run one block; rejections are {@link IllegalArgumentException}s (or
 * {@link IOException}s from the read) naming the file. Seeds: the golden models of the
 * features tests. Scalar kernels, as in {@code NamLoaderFuzzTest}.
 */
class RtNeuralLoaderFuzzTest {
    private static final String NAME = "fuzz-rtneural.json";
    private static final LoaderContract CONTRACT =
            new LoaderContract(NAME, List.of(IllegalArgumentException.class, IOException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void load(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> {
            RtNeuralModel model = new RtNeuralLoader(Kernels.scalar()).load(file);
            int block = 4;
            model.prepare(block);
            model.process(new float[block * model.inputSize()], 0, new float[block * model.outputSize()], 0, block);
        });
    }
}
