package dev.convstream.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a golden index ({@code golden/<stem>.json}) and its little-endian float32 blob
 * ({@code golden/<stem>.bin}) from the test classpath. The format is documented in
 * {@code golden/generate_golden.py}, which wrote both.
 */
final class GoldenFile {
    static final String FORMAT = "convstream-golden-1";

    private GoldenFile() {
    }

    /** All cases of {@code golden/<stem>.json}, in file order; fails on any inconsistency. */
    static List<GoldenCase> load(String stem) {
        try {
            JsonNode index;
            try (InputStream in = open(stem + ".json")) {
                index = new ObjectMapper().readTree(in);
            }
            String format = index.path("format").asText();
            if (!FORMAT.equals(format)) {
                throw new IllegalStateException(stem + ".json has format '" + format + "', expected " + FORMAT);
            }
            float[] blob;
            try (InputStream in = open(index.path("blob").asText(stem + ".bin"))) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length % Float.BYTES != 0) {
                    throw new IllegalStateException(stem + " blob has " + bytes.length + " bytes, not a multiple of 4");
                }
                blob = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(blob);
            }
            List<GoldenCase> cases = new ArrayList<>();
            for (JsonNode c : index.path("cases")) {
                cases.add(parse(stem, c, blob));
            }
            if (cases.isEmpty()) {
                throw new IllegalStateException(stem + ".json holds no cases");
            }
            return Collections.unmodifiableList(cases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file set " + stem, e);
        }
    }

    private static GoldenCase parse(String stem, JsonNode c, float[] blob) {
        String name = c.path("name").asText();
        Map<String, GoldenCase.Slice> slices = new LinkedHashMap<>();
        c.path("tensors").fields().forEachRemaining(e -> {
            JsonNode shapeNode = e.getValue().path("shape");
            int[] shape = new int[shapeNode.size()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asInt();
                size *= shape[i];
            }
            long offset = e.getValue().path("offset").asLong(-1);
            if (offset < 0 || offset + size > blob.length) {
                throw new IllegalStateException(stem + ": tensor " + e.getKey() + " of case " + name
                        + " lies outside the blob (offset " + offset + ", size " + size + ", blob " + blob.length + ")");
            }
            slices.put(e.getKey(), new GoldenCase.Slice(shape, (int) offset, (int) size));
        });
        if (!slices.containsKey("input") || !slices.containsKey("expected")) {
            throw new IllegalStateException(stem + ": case " + name + " lacks input or expected");
        }
        return new GoldenCase(name, c.path("op").asText(), c.path("kind").asText(), c.path("spec"),
                Collections.unmodifiableMap(slices), blob);
    }

    private static InputStream open(String file) {
        InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + file);
        if (in == null) {
            throw new IllegalStateException("golden/" + file + " is not on the test classpath");
        }
        return in;
    }
}
