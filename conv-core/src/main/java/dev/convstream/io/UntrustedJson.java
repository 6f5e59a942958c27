package dev.convstream.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place the bounds of every JSON file convstream reads are set ({@code .nam}, RTNeural
 * and CNN models, safetensors headers, chain documents): files come from strangers, and a
 * document nested 100,000 deep or a number of a million digits must fail at once with Jackson's
 * message, not after the stack or the heap is spent.
 *
 * <p>The bounds are far above any real file: no convstream format nests deeper than 8 levels
 * (free-form {@code .nam} metadata gets the rest), a float32 or float64 needs at most 25
 * characters, and the longest strings are metadata descriptions and file paths.
 */
public final class UntrustedJson {
    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest number literal accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Longest string value accepted, in characters. */
    public static final int MAX_STRING_LENGTH = 1 << 20;

    private UntrustedJson() {
    }

    /** A new mapper whose parser enforces the bounds above (callers may configure it further). */
    public static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build())
                // Jackson's bundled FastDoubleParser: correctly rounded, so the same doubles as
                // Double.parseDouble (UntrustedJsonTest compares them bit for bit), and faster on the
                // numbers a .nam file is mostly made of (A1 standard: 13.8k weights of up to 17
                // digits, many of which take the JDK's big-integer path).
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        return new ObjectMapper(factory);
    }

    /**
     * The text of a JSON file, which must be UTF-8.
     *
     * @throws IOException naming the file when it cannot be read or is not UTF-8 (the JDK's own
     *                     message for that, "Input length = 1", names neither file nor cause)
     */
    public static String readText(Path path) throws IOException {
        try {
            return Files.readString(path);
        } catch (CharacterCodingException e) {
            throw new IOException(path + ": not UTF-8 text (" + e.getMessage() + ")", e);
        }
    }
}
