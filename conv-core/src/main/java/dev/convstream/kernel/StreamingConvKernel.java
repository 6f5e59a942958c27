package dev.convstream.kernel;

/**
 * Direct causal 1D convolution over a linear history, with no im2col copy: the kernel of a
 * streaming conv layer with few channels, where the im2col matrix would be copied only to be read
 * once by a small GEMM. A 1x1 conv ({@code k = 1}) is the same call.
 *
 * <p>For {@code o < cout}, {@code j < n}:
 * <pre>
 * y[yOff + o*yStride + j] = (base == null ? 0 : base[baseOff + o*baseStride + j])
 *         + sum_{c < cin, t < k} w[wOff + (o*cin + c)*k + t] * x[xOff + c*xStride + j - dilation*(k-1-t)]
 *         + (bias == null ? 0 : bias[bOff + o])
 * </pre>
 * The weight is PyTorch's {@code [Cout][Cin][k]} layout (tap 0 the oldest); {@code xOff} is
 * frame 0 of channel 0 and the {@code dilation*(k-1)} frames before each channel's frame 0 must
 * be its history, so every tap reads a contiguous run of {@code n} frames. {@code base} is what
 * the sum starts from: null (zero), {@code y} itself at the same offset and stride (accumulate),
 * or a range that does not overlap {@code y} (a residual sum written somewhere else). Does not
 * allocate; {@code x} and {@code y} must not overlap.
 */
public interface StreamingConvKernel {

    void correlate(int cout, int cin, int k, int dilation,
                   float[] w, int wOff, float[] bias, int bOff,
                   float[] x, int xOff, int xStride,
                   float[] base, int baseOff, int baseStride,
                   float[] y, int yOff, int yStride, int n);

    /**
     * Whether this kernel is its family's choice for calls of {@code cout} output channels;
     * when it is not, a stride-1 streaming layer uses im2col + GEMM instead (same sums). Asked
     * once per layer.
     */
    default boolean preferredFor(int cout) {
        return true;
    }

    /** The sum starting from zero, or from y itself when {@code accumulate}. */
    default void correlate(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                           float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n,
                           boolean accumulate) {
        correlate(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride,
                accumulate ? y : null, yOff, yStride, y, yOff, yStride, n);
    }

    /** Bounds of every array range {@link #correlate} touches, with messages naming the array. */
    static void check(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff,
                      float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                      float[] y, int yOff, int yStride, int n) {
        if (cout < 1 || cin < 1 || k < 1 || dilation < 1 || n < 0) {
            throw new IllegalArgumentException("cout, cin, k, dilation must be >= 1 and n >= 0, found " + cout
                    + ", " + cin + ", " + k + ", " + dilation + ", " + n);
        }
        range("w", w, wOff, (long) cout * cin * k);
        if (bias != null) {
            range("bias", bias, bOff, cout);
        }
        if (n == 0) {
            return;
        }
        long first = xOff - (long) dilation * (k - 1);
        long xEnd = xOff + (long) (cin - 1) * xStride + n;
        if (first < 0 || xEnd > x.length || (cin > 1 && xStride < n)) {
            throw new IllegalArgumentException("x needs indices [" + first + ", " + xEnd + ") (history "
                    + (long) dilation * (k - 1) + ", stride " + xStride + ", " + n + " frames), array has "
                    + x.length);
        }
        if (base != null) {
            planar("base", base, baseOff, baseStride, cout, n);
            if (base == y && (baseOff != yOff || baseStride != yStride)) {
                throw new IllegalArgumentException("base is y at another offset or stride (" + baseOff + "/"
                        + baseStride + " vs " + yOff + "/" + yStride + "): use a separate array");
            }
        }
        long yEnd = yOff + (long) (cout - 1) * yStride + n;
        if (yOff < 0 || yEnd > y.length || (cout > 1 && yStride < n)) {
            throw new IllegalArgumentException("y needs indices [" + yOff + ", " + yEnd + ") (stride " + yStride
                    + ", " + n + " frames), array has " + y.length);
        }
    }

    private static void planar(String name, float[] a, int off, int stride, int rows, int n) {
        long end = off + (long) (rows - 1) * stride + n;
        if (off < 0 || end > a.length || (rows > 1 && stride < n)) {
            throw new IllegalArgumentException(name + " needs indices [" + off + ", " + end + ") (stride " + stride
                    + ", " + n + " frames), array has " + a.length);
        }
    }

    private static void range(String name, float[] a, int off, long len) {
        if (a == null || off < 0 || off + len > a.length) {
            throw new IllegalArgumentException(name + " needs indices [" + off + ", " + (off + len) + "), array has "
                    + (a == null ? "null" : a.length));
        }
    }
}
