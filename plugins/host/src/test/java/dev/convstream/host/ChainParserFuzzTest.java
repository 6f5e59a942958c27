package dev.convstream.host;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.convstream.testing.LoaderContract;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz harness of the text form of a chain ({@link ChainParser}): any bytes, read as UTF-8, as
 * a {@code --chain} string. Rejections are {@link ChainException}s naming the chain's column.
 * Seeds: chains of the README and the host tests, in plain text.
 */
class ChainParserFuzzTest {
    private static final LoaderContract CONTRACT = new LoaderContract("chain column", List.of(ChainException.class));
    private static final ChainParser PARSER = new ChainParser(TestPlugins.registry());

    @FuzzTest
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        CONTRACT.check(data.length, () -> PARSER.parse(text));
    }
}
