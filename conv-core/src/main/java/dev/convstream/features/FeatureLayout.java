package dev.convstream.features;

/** How a 2-D feature matrix is laid out, row-major. */
public enum FeatureLayout {
    /** {@code [frames][features]}: one row per time frame (convstream's default, what a stream emits). */
    FRAMES_FIRST("frames-first"),
    /** {@code [features][frames]}: librosa's and torchaudio's layout ({@code [n_mels][frames]}). */
    FEATURES_FIRST("features-first");

    private final String cliName;

    FeatureLayout(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses {@code frames-first} or {@code features-first}. */
    public static FeatureLayout parse(String name) {
        for (FeatureLayout l : values()) {
            if (l.cliName.equalsIgnoreCase(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("layout must be frames-first or features-first, found '" + name + "'");
    }

    /**
     * {@code rows} by {@code frames} values, {@code [rows][frames]} row-major, in this layout:
     * the same array for {@link #FEATURES_FIRST}, a transposed copy for {@link #FRAMES_FIRST}.
     */
    public float[] arrange(float[] rowsByFrames, int rows, int frames) {
        if (this == FEATURES_FIRST) {
            return rowsByFrames;
        }
        float[] out = new float[rows * frames];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < frames; t++) {
                out[t * rows + r] = rowsByFrames[r * frames + t];
            }
        }
        return out;
    }

    /** The shape of {@code rows} features over {@code frames} frames in this layout. */
    public int[] shape(int rows, int frames) {
        return this == FEATURES_FIRST ? new int[] {rows, frames} : new int[] {frames, rows};
    }
}
