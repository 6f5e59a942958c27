package dev.convstream.kernel;

/** PLACEHOLDER until the Panama kernel lands: delegates to the scalar kernel. */
final class VectorDepthwise implements Depthwise {
    private final Depthwise delegate = new ScalarDepthwise();
    @Override
    public void correlate(float[] in, int inOff, int inH, int inW, float[] kernel, int kOff, int kh, int kw,
                          int sh, int sw, int dh, int dw, float[] out, int outOff, int outH, int outW, float bias) {
        delegate.correlate(in, inOff, inH, inW, kernel, kOff, kh, kw, sh, sw, dh, dw, out, outOff, outH, outW, bias);
    }
}
