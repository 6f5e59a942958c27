package dev.convstream.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UntrustedJsonTest {
    private final ObjectMapper mapper = UntrustedJson.mapper();

    @Test
    void nestingUpToTheBoundReadsAndOneLevelMoreFails() throws Exception {
        int depth = UntrustedJson.MAX_NESTING_DEPTH;
        assertEquals(depth, depthOf(mapper.readTree("[".repeat(depth) + "]".repeat(depth))));
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> mapper.readTree("[".repeat(depth + 1) + "]".repeat(depth + 1)));
        assertTrue(e.getOriginalMessage().contains("nesting depth"), e.getOriginalMessage());
    }

    @Test
    void aDocumentNested100000DeepFailsAtTheBound() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree(deep));
    }

    @Test
    void overlongNumbersAndStringsFail() throws Exception {
        String digits = "1".repeat(UntrustedJson.MAX_NUMBER_LENGTH);
        assertEquals(digits.length(), mapper.readTree(digits).bigIntegerValue().toString().length());
        assertThrows(JsonProcessingException.class, () -> mapper.readTree(digits + "1"));
        String text = "x".repeat(UntrustedJson.MAX_STRING_LENGTH + 1);
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("\"" + text + "\""));
    }

    @Test
    void readTextNamesAFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("model.json"), new byte[] {'{', (byte) 0xFF, '}'});
        IOException e = assertThrows(IOException.class, () -> UntrustedJson.readText(file));
        assertTrue(e.getMessage().startsWith(file + ": not UTF-8 text"), e.getMessage());
        Files.writeString(file, "{\"a\": \"\u00e9\"}");
        assertEquals("{\"a\": \"\u00e9\"}", UntrustedJson.readText(file));
    }

    /**
     * Numbers parse to the doubles Double.parseDouble gives, bit for bit (the mapper uses Jackson's
     * FastDoubleParser): shortest round-trip strings of random doubles and floats (as Python's json
     * and NAM's trainer write weights), 17 and 9 significant digits, subnormals, the extremes.
     */
    @Test
    void numbersParseBitForBitAsDoubleParseDouble() throws Exception {
        java.util.Random r = new java.util.Random(18);
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of(
                "0", "-0.0", "1e-320", "4.9E-324", "2.2250738585072014E-308", "1.7976931348623157E308",
                "1.401298464324817E-45", "3.4028234663852886E38", "0.1", "0.30000000000000004",
                "9007199254740993", "2.4703282292062328E-324", "123456789012345678901234567890e-20"));
        for (int i = 0; i < 40_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                texts.add(Double.toString(d));
            }
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 6));
            texts.add(Float.toString(f));
            texts.add(String.format(java.util.Locale.ROOT, "%.16e", r.nextGaussian()));
            texts.add(String.format(java.util.Locale.ROOT, "%.8e", (double) f));
        }
        com.fasterxml.jackson.databind.JsonNode array = mapper.readTree("[" + String.join(",", texts) + "]");
        assertEquals(texts.size(), array.size());
        for (int i = 0; i < texts.size(); i++) {
            double expected = Double.parseDouble(texts.get(i));
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(array.get(i).doubleValue()),
                    texts.get(i));
            assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits(array.get(i).floatValue()),
                    texts.get(i));
        }
    }

    private static int depthOf(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isEmpty() ? 1 : 1 + depthOf(n.get(0));
    }
}
