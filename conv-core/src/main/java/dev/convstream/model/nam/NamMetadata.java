package dev.convstream.model.nam;

import java.util.Map;

/**
 * The free-form {@code metadata} of a {@code .nam} file: the fields players use, and the rest
 * kept as parsed JSON values (maps, lists, strings, numbers, booleans, nulls).
 *
 * @param name the model's name, or null
 * @param loudness output loudness in dB, or null
 * @param gain the capture's gain figure, or null
 * @param other every other metadata field, unmodifiable
 */
public record NamMetadata(String name, Double loudness, Double gain, Map<String, Object> other) {

    public NamMetadata {
        other = other == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(other));
    }

    public static NamMetadata empty() {
        return new NamMetadata(null, null, null, Map.of());
    }
}
