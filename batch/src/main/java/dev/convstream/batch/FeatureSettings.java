package dev.convstream.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.SpectralFeatures;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.StftConfig;

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
}
