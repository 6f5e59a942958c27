package dev.convstream.plugin;

/**
 * The one test of whether a resource (a model, an impulse response) was made for the rate the
 * host runs at: a plugin that does not resample refuses any other.
 *
 * <p>Why a relative tolerance of {@value #RELATIVE_TOLERANCE}: rates reach a plugin through
 * {@code float}s (Java Sound's {@code AudioFormat}, TarsosDSP) as well as {@code double}s
 * (NAM's JSON, {@link ProcessSpec}); a float keeps 24 bits, a relative error below 6e-8, so a
 * rate that went through one still counts as the same. Any real mismatch is far larger: the
 * closest pair in use, 48000 vs 47952 Hz (the 0.1% video pull-down), differs by 1e-3. (Before
 * this class, the wavenet plugin compared within 1e-6 Hz, which a non-integer rate through a
 * float could fail, and the convolver within 1e-3 Hz.) [thread-safe]
 */
public final class SampleRates {

    /** Largest relative difference between two rates that are the same rate. */
    public static final double RELATIVE_TOLERANCE = 1e-6;

    private SampleRates() {
    }

    /** Whether {@code a} and {@code b} (Hz) are the same rate, within {@link #RELATIVE_TOLERANCE}. */
    public static boolean same(double a, double b) {
        return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }

    /**
     * Refuses a resource made at another rate than the host's.
     *
     * @param pluginId     the plugin that does not resample
     * @param resource     what and where, e.g. {@code "model /x/amp.nam"}
     * @param resourceRate the rate the resource was made at (Hz)
     * @param hostRate     the rate the host runs at (Hz)
     * @throws IllegalArgumentException naming the plugin, the resource, both rates and the two ways out
     */
    public static void requireHostRate(String pluginId, String resource, double resourceRate, double hostRate) {
        if (!same(resourceRate, hostRate)) {
            String made = Numbers.plain(resourceRate);
            String host = Numbers.plain(hostRate);
            throw new IllegalArgumentException(resource + " is at " + made + " Hz but the host runs at " + host
                    + " Hz; plugin '" + pluginId + "' does not resample: run the host at " + made
                    + " Hz or use a file made at " + host + " Hz");
        }
    }
}
