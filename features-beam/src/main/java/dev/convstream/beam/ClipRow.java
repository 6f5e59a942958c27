package dev.convstream.beam;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One clip's row of the Parquet output.
 *
 * @param input        the source, as the manifest names it
 * @param frames       time frames (1 for a clip embedding)
 * @param bins         values per frame
 * @param sampleRateHz the rate the features were computed at
 * @param settingsHash SHA-256 of the manifest's settings text (equal hash, equal features)
 * @param sourceSha256 SHA-256 of the source file
 * @param features     the values, in the order the {@code .npy} holds them
 */
public record ClipRow(String input, int frames, int bins, int sampleRateHz, String settingsHash, String sourceSha256,
                      float[] features) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** By value, features included (Beam checks that equal encodings mean equal elements). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClipRow r && input.equals(r.input) && frames == r.frames && bins == r.bins
                && sampleRateHz == r.sampleRateHz && settingsHash.equals(r.settingsHash)
                && sourceSha256.equals(r.sourceSha256) && Arrays.equals(features, r.features);
    }

    @Override
    public int hashCode() {
        return 31 * input.hashCode() + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "ClipRow[" + input + ", " + frames + " x " + bins + "]";
    }

    static String settingsHash(String settings) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(settings.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
