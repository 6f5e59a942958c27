package dev.convstream.kernel;

/** PLACEHOLDER until the Panama kernel lands: delegates to the scalar math. */
final class PanamaMath implements VectorMath {
    private final VectorMath delegate = new ScalarMath();
    @Override public void tanh(float[] x, int off, int len) { delegate.tanh(x, off, len); }
    @Override public void sigmoid(float[] x, int off, int len) { delegate.sigmoid(x, off, len); }
}
