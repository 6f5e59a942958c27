package dev.convstream.features.cnn;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link CnnArchitecture#read}: any bytes as a CNN architecture file. An accepted
 * architecture must also list the weights it needs ({@link CnnWeights#required}), each of a
 * shape with no empty or negative axis. Rejections are {@link IllegalArgumentException}s naming
 * the file, or {@link IOException}s from the read. Seeds: the golden architecture.
 */
class CnnArchitectureFuzzTest {
    private static final String NAME = "fuzz-cnn.json";
    private static final LoaderContract CONTRACT =
            new LoaderContract(NAME, List.of(IllegalArgumentException.class, IOException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> {
            CnnArchitecture arch = CnnArchitecture.read(file);
            CnnWeights.required(arch).forEach((module, shape) -> {
                for (int n : shape) {
                    if (n < 1) {
                        throw new AssertionError("accepted architecture needs " + module + " of shape "
                                + java.util.Arrays.toString(shape));
                    }
                }
            });
        });
    }
}
