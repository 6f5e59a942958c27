package dev.convstream.capture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the user says about the captured gear, in the fields of NAM's {@code UserMetadata}
 * (every one optional): name, modeled_by, gear_make, gear_model, gear_type, tone_type. NAM
 * players show these; gear_type and tone_type take NAM's values only.
 */
public record GearMetadata(String name, String modeledBy, String gearMake, String gearModel, String gearType,
        String toneType) {

    /** NAM's {@code GearType} values. */
    public static final List<String> GEAR_TYPES = List.of("amp", "pedal", "pedal_amp", "amp_cab", "amp_pedal_cab",
            "preamp", "studio");
    /** NAM's {@code ToneType} values. */
    public static final List<String> TONE_TYPES = List.of("clean", "overdrive", "crunch", "hi_gain", "fuzz");

    /** Nothing said. */
    public static final GearMetadata NONE = new GearMetadata(null, null, null, null, null, null);

    public GearMetadata {
        gearType = oneOf("gear type", gearType, GEAR_TYPES);
        toneType = oneOf("tone type", toneType, TONE_TYPES);
    }

    private static String oneOf(String what, String value, List<String> allowed) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(what + " must be one of " + String.join(", ", allowed) + ", found "
                    + value);
        }
        return v;
    }

    /** The fields given, under NAM's metadata keys, in NAM's order. */
    public Map<String, Object> toNam() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", name);
        put(m, "modeled_by", modeledBy);
        put(m, "gear_make", gearMake);
        put(m, "gear_model", gearModel);
        put(m, "gear_type", gearType);
        put(m, "tone_type", toneType);
        return m;
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }
}
