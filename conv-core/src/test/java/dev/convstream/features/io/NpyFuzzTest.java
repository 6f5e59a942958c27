package dev.convstream.features.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link Npy#read}: any bytes as a {@code .npy} file; rejections are
 * {@link IOException}s naming the file. Seeds: the golden arrays of the features tests.
 */
class NpyFuzzTest {
    private static final String NAME = "fuzz.npy";
    private static final LoaderContract CONTRACT = new LoaderContract(NAME, List.of(IOException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void read(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> Npy.read(file));
    }
}
