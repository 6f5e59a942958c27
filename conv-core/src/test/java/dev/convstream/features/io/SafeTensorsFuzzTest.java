package dev.convstream.features.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz harness of {@link SafeTensors}: any bytes as a {@code .safetensors} file, opened and
 * every tensor read. Opening rejects with an {@link IOException} naming the file; reading a
 * tensor of a dtype convstream does not compute with, with an {@link IllegalArgumentException}
 * naming it. Seeds: the golden CNN weights.
 */
class SafeTensorsFuzzTest {
    private static final String NAME = "fuzz.safetensors";
    private static final LoaderContract CONTRACT =
            new LoaderContract(NAME, List.of(IOException.class, IllegalArgumentException.class));

    @TempDir
    static Path dir;

    @FuzzTest
    void open(byte[] data) {
        Path file = LoaderContract.write(dir.resolve(NAME), data);
        CONTRACT.check(data.length, () -> {
            SafeTensors st = SafeTensors.open(file);
            for (String name : st.entries().keySet()) {
                st.tensor(name);
            }
        });
    }
}
