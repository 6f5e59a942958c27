package dev.convstream.kernel;

/**
 * Prints a checksum of every math function of both families over a sampled sweep of float bit
 * patterns; {@link MathJitIndependenceTest} runs it in JVMs that only interpret or stop at C1 and
 * compares with the compiled result.
 */
public final class MathChecksum {
    private MathChecksum() {
    }

    static float[] sweep() {
        int step = 65_537;
        int count = (int) ((1L << 32) / step);
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = Float.intBitsToFloat((int) ((long) step * i));
        }
        return x;
    }

    static long checksum() {
        long h = 17;
        float[] x = sweep();
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.vector()}) {
            ElementwiseMath m = k.math();
            for (int f = 0; f < 3; f++) {
                float[] y = x.clone();
                // Ragged blocks, so that both vector lanes and short ranges are used.
                for (int at = 0, b = 0; at < y.length; b++) {
                    int n = Math.min(1 + (b * 37) % 70, y.length - at);
                    switch (f) {
                        case 0 -> m.tanh(y, at, n);
                        case 1 -> m.sigmoid(y, at, n);
                        default -> m.exp(y, at, n);
                    }
                    at += n;
                }
                for (float v : y) {
                    h = h * 1_000_003 + Float.floatToIntBits(v);
                }
            }
        }
        return h;
    }

    public static void main(String[] args) {
        System.out.println(Long.toHexString(checksum()));
    }
}
