package dev.convstream.grad;

/**
 * Backward of the WaveNet activations, from their saved outputs (so no pre-activation is kept):
 * Tanh {@code dz = da (1 - a^2)}, Sigmoid {@code dz = da s (1 - s)}, and the gate
 * {@code a = tanh(z1) * sigmoid(z2)}: {@code dz1 = da s (1 - t^2)}, {@code dz2 = da t s (1 - s)}
 * with {@code t, s} the saved tanh and sigmoid outputs. Each writes {@code dz} and may run in
 * place ({@code dz == da} at the same offset). Stateless; never allocates.
 */
public final class ActivationGrad {
    private ActivationGrad() {
    }

    /** {@code dz = da * (1 - a*a)} where {@code a = tanh(z)}. */
    public static void tanh(float[] a, int aOff, float[] da, int daOff, float[] dz, int dzOff, int len) {
        for (int j = 0; j < len; j++) {
            float v = a[aOff + j];
            dz[dzOff + j] = da[daOff + j] * (1f - v * v);
        }
    }

    /** {@code dz = da * s * (1 - s)} where {@code s = sigmoid(z)}. */
    public static void sigmoid(float[] s, int sOff, float[] da, int daOff, float[] dz, int dzOff, int len) {
        for (int j = 0; j < len; j++) {
            float v = s[sOff + j];
            dz[dzOff + j] = da[daOff + j] * v * (1f - v);
        }
    }

    /**
     * The gate {@code a = t * s} with {@code t = tanh(z1)}, {@code s = sigmoid(z2)}: writes
     * {@code dz1} and {@code dz2}; neither may overlap {@code da} except in place of dz1.
     */
    public static void gated(float[] t, int tOff, float[] s, int sOff, float[] da, int daOff,
                             float[] dz1, int dz1Off, float[] dz2, int dz2Off, int len) {
        for (int j = 0; j < len; j++) {
            float tv = t[tOff + j];
            float sv = s[sOff + j];
            float g = da[daOff + j];
            dz2[dz2Off + j] = g * tv * sv * (1f - sv);
            dz1[dz1Off + j] = g * sv * (1f - tv * tv);
        }
    }
}
