package dev.convstream.kernel;

/** {@link VectorMath} through {@link Math}: exact to float rounding, and the reference. */
public final class ScalarMath implements VectorMath {

    @Override
    public void tanh(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            x[i] = (float) Math.tanh(x[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }
}
