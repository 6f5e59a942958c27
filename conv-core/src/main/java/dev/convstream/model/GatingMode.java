package dev.convstream.model;

/**
 * How a WaveNet layer turns its dilated-conv output z into its activation a (NAM's
 * {@code gating_mode}). With B bottleneck channels, a gated or blended layer's z has 2B rows:
 * the first B are the primary, the last B the gate (through the secondary activation).
 */
public enum GatingMode {
    /** {@code a = act(z)}; z has B rows. */
    NONE("none"),
    /** {@code a = act(z[0:B]) * act2(z[B:2B])}. */
    GATED("gated"),
    /** {@code alpha = act2(z[B:2B]); a = alpha * act(z[0:B]) + (1 - alpha) * z[0:B]}. */
    BLENDED("blended");

    private final String namName;

    GatingMode(String namName) {
        this.namName = namName;
    }

    /** The name NAM files use. */
    public String namName() {
        return namName;
    }

    /** Rows of z per bottleneck channel: 1 for {@link #NONE}, else 2. */
    public int factor() {
        return this == NONE ? 1 : 2;
    }

    /** The mode NAM's name means; an unknown name is refused, listing the known ones. */
    public static GatingMode byName(String name) {
        for (GatingMode m : values()) {
            if (m.namName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown gating mode '" + name + "', expected none, gated or blended");
    }
}
