package dev.convstream.activation;

import dev.convstream.kernel.ElementwiseMath;

/**
 * WaveNet's gate, {@code a = f(a) * sigmoid(b)} element by element, the one implementation the
 * gated WaveNet model and the {@code GatedActivation} layer share ({@code f} is tanh in
 * PyTorch's WaveNet, any NAM activation in NAM's).
 */
public final class Gate {
    private Gate() {
    }

    /**
     * In place: {@code a[aOff + i] = f(a[aOff + i]) * sigmoid(b[bOff + i])} for {@code i < len};
     * {@code b}'s range is overwritten with its sigmoid. The two ranges may be halves of one
     * array but must not overlap. Does not allocate.
     */
    public static void apply(ActivationFunction f, float[] a, int aOff, float[] b, int bOff, int len, ElementwiseMath math) {
        f.apply(a, aOff, len, math);
        math.sigmoid(b, bOff, len);
        for (int i = 0; i < len; i++) {
            a[aOff + i] *= b[bOff + i];
        }
    }
}
