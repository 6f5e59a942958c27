package dev.convstream.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureLayout;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.SpectralFeatures;
import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;

/**
 * A {@link FeatureSpec} as the JSON object the manifest records under {@code settings}, with
 * librosa's parameter names ({@code n_fft}, {@code hop_length}, {@code pad_mode}, {@code htk},
 * {@code norm}, {@code ref}, {@code amin}, {@code top_db}, {@code n_mfcc}, {@code lifter}) and
 * every default resolved, so equal objects mean equal features.
 */
final class FeatureSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureSettings() {
    }

    static ObjectNode of(FeatureSpec spec, SpectralFeatures features) {
        LogMelConfig c = spec.config();
        StftConfig s = c.stft();
        ObjectNode n = JSON.createObjectNode();
        n.put("feature", spec.kind().cliName());
        n.put("layout", spec.layout().cliName());
        n.put("sample_rate_hz", c.sampleRate());
        n.put("n_fft", s.nFft());
        n.put("win_length", s.winLength());
        n.put("hop_length", s.hop());
        n.put("window", s.window().scipyName());
        n.put("center", s.center());
        n.put("pad_mode", s.padMode().numpyName());
        n.put("power", s.power());
        if (spec.kind().usesMel()) {
            n.put("n_mels", c.nMels());
            n.put("fmin", c.fmin());
            n.put("fmax", c.effectiveFmax());
            n.put("htk", c.melScale() == MelScale.HTK);
            if (c.slaneyNorm()) {
                n.put("norm", "slaney");
            } else {
                n.putNull("norm");
            }
        }
        if (spec.kind().inDecibels()) {
            if (c.ref().max()) {
                n.put("ref", "max");
            } else {
                n.put("ref", c.ref().value());
            }
            n.put("amin", features.amin());
            if (Double.isNaN(c.topDb())) {
                n.putNull("top_db");
            } else {
                n.put("top_db", c.topDb());
            }
        }
        if (spec.kind() == FeatureKind.MFCC) {
            n.put("n_mfcc", spec.nMfcc());
            n.put("lifter", spec.lifter());
        }
        n.put("band_norm", c.bandNormalization());
        return n;
    }

    /**
     * The spec that {@link #of} wrote {@code n} for: {@code of(parse(of(spec)))} equals
     * {@code of(spec)} (defaults were resolved when written, so they come back explicit).
     *
     * @throws IllegalArgumentException naming a field that is missing or out of range
     */
    static FeatureSpec parse(JsonNode n) {
        FeatureKind kind = FeatureKind.parse(text(n, "feature"));
        LogMelConfig.Builder b = LogMelConfig.builder(n.path("sample_rate_hz").asInt())
                .nFft(n.path("n_fft").asInt()).winLength(n.path("win_length").asInt()).hop(n.path("hop_length").asInt())
                .window(WindowType.parse(text(n, "window"))).center(n.path("center").asBoolean())
                .padMode(StftConfig.PadMode.parse(text(n, "pad_mode"))).power(n.path("power").asInt())
                .bandNormalization(n.path("band_norm").asBoolean());
        if (kind.usesMel()) {
            b.nMels(n.path("n_mels").asInt()).fmin(n.path("fmin").asDouble()).fmax(n.path("fmax").asDouble())
                    .melScale(n.path("htk").asBoolean() ? MelScale.HTK : MelScale.SLANEY)
                    .slaneyNorm("slaney".equals(n.path("norm").asText()));
        }
        if (kind.inDecibels()) {
            JsonNode ref = n.path("ref");
            b.ref(ref.isNumber() ? DbReference.of(ref.asDouble()) : DbReference.parse(ref.asText()))
                    .amin(n.path("amin").asDouble())
                    .topDb(n.path("top_db").isNumber() ? n.path("top_db").asDouble() : Double.NaN);
        }
        int nMfcc = kind == FeatureKind.MFCC ? n.path("n_mfcc").asInt() : FeatureSpec.DEFAULT_N_MFCC;
        double lifter = kind == FeatureKind.MFCC ? n.path("lifter").asDouble() : 0;
        return new FeatureSpec(kind, b.build(), nMfcc, lifter, FeatureLayout.parse(text(n, "layout")));
    }

    private static String text(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("feature settings: '" + field + "' is missing");
        }
        return n.get(field).asText();
    }
}
