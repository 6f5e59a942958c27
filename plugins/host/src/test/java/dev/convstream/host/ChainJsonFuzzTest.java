package dev.convstream.host;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz harness of the JSON form of a chain ({@link ChainJson}, with the host's own
 * {@code ObjectMapper}): any bytes, read as UTF-8. Rejections are {@link ChainException}s
 * starting "chain JSON". Seeds: chain documents of the README and the host tests.
 */
class ChainJsonFuzzTest {
    private static final LoaderContract CONTRACT = new LoaderContract("chain JSON", List.of(ChainException.class));
    private static final ChainJson JSON = TestPlugins.injector().getInstance(ChainJson.class);

    @FuzzTest
    void read(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        CONTRACT.check(data.length, () -> JSON.read(text));
    }
}
