package dev.convstream.kernel;

import dev.convstream.check.Require;

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
     * A conv with a one-row input mixin in its epilogue: {@link #correlate} from zero into y, then
     * {@code y[o][j] = fma(c[cOff + j], m[mOff + o], y[o][j])} for every output, the order of a
     * separate 1x1 conv from the one row {@code c} accumulated onto y, so the result is that
     * two-call sequence bit for bit (a WaveNet layer's dilated conv plus its input mixin from a
     * one-channel condition). A family may fuse the two, so y is stored once instead of loaded
     * and stored again; this default makes the two calls. {@code c} must not overlap y.
     */
    default void correlateWithMixin(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias,
                                    int bOff, float[] x, int xOff, int xStride, float[] m, int mOff,
                                    float[] c, int cOff, float[] y, int yOff, int yStride, int n) {
        checkMixin(cout, m, mOff, c, cOff, y, n);
        correlate(cout, cin, k, dilation, w, wOff, bias, bOff, x, xOff, xStride, null, 0, 0, y, yOff, yStride, n);
        correlate(cout, 1, 1, 1, m, mOff, null, 0, c, cOff, n, y, yOff, yStride, y, yOff, yStride, n);
    }

    /** Bounds of the mixin's weights m and row c of {@link #correlateWithMixin}, before anything is written. */
    static void checkMixin(int cout, float[] m, int mOff, float[] c, int cOff, float[] y, int n) {
        range("mixin weights m", m, mOff, cout);
        range("mixin row c", c, cOff, n);
        if (c == y) {
            throw new IllegalArgumentException("mixin row c is y: use a separate array");
        }
    }

    /**
     * The kernel its family runs for calls of {@code cout} output channels: this one, or another
     * whose code suits the shape better on this JVM. Asked once per layer; the answer depends
     * only on the shape and the JVM, never on a block size, so a stream's output does not
     * depend on how it is cut.
     */
    default StreamingConvKernel forOutputs(int cout) {
        return this;
    }

    /**
     * The kernel its family runs for calls of this shape: {@link #forOutputs} unless the family
     * has a kernel for long, undilated filters with few outputs (a single-channel FIR). Asked
     * once per layer, like {@link #forOutputs}, and for the same reason independent of the block.
     */
    default StreamingConvKernel forShape(int cout, int k, int dilation) {
        return forOutputs(cout);
    }

    /**
     * This conv with its weights and bias fixed, for a layer that calls it with the same ones
     * every block: a family may pack them once, at this call, into the layout its tiles read (the
     * vector family does for {@code k = 3} and {@code k = 1} with 4 or more outputs; see
     * {@link VectorPackedStreamingConv}, {@link VectorPackedPointwise}). Each call of the
     * {@link Fixed} has the bits of the matching call here with these weights ({@link #correlate}
     * from zero or from a base, {@link #correlateWithMixin}), so a layer may switch to it without
     * changing its output. {@code w} and {@code bias} are copied.
     * Allocates; not for the audio path.
     */
    default Fixed fix(int cout, int cin, int k, int dilation, float[] w, int wOff, float[] bias, int bOff) {
        return Fixed.unpacked(this, cout, cin, k, dilation, w, wOff, bias, bOff);
    }

    /**
     * A conv of fixed shape, weights and bias (from {@link #fix}): {@link #correlate} from zero, from
     * a base, or with a one-row mixin. Only the data ranges are checked per call (the shape and
     * weights were checked once, at {@link #fix}).
     */
    interface Fixed {

        /** As {@link StreamingConvKernel#correlate} from zero, with the fixed shape, weights and bias. */
        void correlate(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n);

        /**
         * As {@link StreamingConvKernel#correlate} from {@code base} (null: zero; y itself; or a
         * range apart from y), with the fixed shape, weights and bias: {@code y = base + W x + b}.
         */
        void correlateOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                           float[] y, int yOff, int yStride, int n);

        /**
         * As {@link StreamingConvKernel#correlateWithMixin} with the fixed conv: {@code y = W x + b},
         * then {@code fma(c[cOff + j], m[mOff + o], y[o][j])}. The mixin weights {@code m} (one
         * per output) are passed per call.
         */
        void correlateWithMixin(float[] x, int xOff, int xStride, float[] m, int mOff, float[] c, int cOff,
                                float[] y, int yOff, int yStride, int n);

        /** The weights copied as they are, each call {@code kernel}'s own {@code correlate}. */
        static Fixed unpacked(StreamingConvKernel kernel, int cout, int cin, int k, int dilation,
                              float[] w, int wOff, float[] bias, int bOff) {
            check(cout, cin, k, dilation, w, wOff, bias, bOff, w, 0, 0, null, 0, 0, w, 0, 0, 0);
            float[] weights = java.util.Arrays.copyOfRange(w, wOff, wOff + cout * cin * k);
            float[] b = bias == null ? null : java.util.Arrays.copyOfRange(bias, bOff, bOff + cout);
            return new Unpacked(kernel, cout, cin, k, dilation, weights, b);
        }
    }

    /** {@link Fixed#unpacked}: every call the kernel's own, on the copied weights. */
    record Unpacked(StreamingConvKernel kernel, int cout, int cin, int k, int dilation, float[] w, float[] bias)
            implements Fixed {

        @Override
        public void correlate(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int n) {
            kernel.correlate(cout, cin, k, dilation, w, 0, bias, 0, x, xOff, xStride, null, 0, 0, y, yOff, yStride, n);
        }

        @Override
        public void correlateOnto(float[] x, int xOff, int xStride, float[] base, int baseOff, int baseStride,
                                  float[] y, int yOff, int yStride, int n) {
            kernel.correlate(cout, cin, k, dilation, w, 0, bias, 0, x, xOff, xStride, base, baseOff, baseStride,
                    y, yOff, yStride, n);
        }

        @Override
        public void correlateWithMixin(float[] x, int xOff, int xStride, float[] m, int mOff, float[] c, int cOff,
                                       float[] y, int yOff, int yStride, int n) {
            kernel.correlateWithMixin(cout, cin, k, dilation, w, 0, bias, 0, x, xOff, xStride, m, mOff, c, cOff,
                    y, yOff, yStride, n);
        }
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
        Require.atLeastOne("cout", cout);
        Require.atLeastOne("cin", cin);
        Require.atLeastOne("k", k);
        Require.atLeastOne("dilation", dilation);
        range("w", w, wOff, (long) cout * cin * k);
        if (bias != null) {
            range("bias", bias, bOff, cout);
        }
        checkData(cout, cin, k, dilation, x, xOff, xStride, base, baseOff, baseStride, y, yOff, yStride, n);
    }

    /**
     * The per-call part of {@link #check}: the ranges of x, base and y (a fixed conv's shape and
     * weights were checked when it was made).
     */
    static void checkData(int cout, int cin, int k, int dilation, float[] x, int xOff, int xStride,
                          float[] base, int baseOff, int baseStride, float[] y, int yOff, int yStride, int n) {
        Require.nonNegative("n", n);
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
            // The same array elsewhere is fine if the ranges are apart (a model's histories share
            // one line-aligned array: a layer's input is the base of the next layer's input).
            if (base == y && (baseOff != yOff || baseStride != yStride)
                    && overlap(baseOff, baseOff + (long) (cout - 1) * baseStride + n,
                               yOff, yOff + (long) (cout - 1) * yStride + n)) {
                throw new IllegalArgumentException("base is y at another offset or stride (" + baseOff + "/"
                        + baseStride + " vs " + yOff + "/" + yStride + ") and the ranges overlap: use a separate array");
            }
        }
        long yEnd = yOff + (long) (cout - 1) * yStride + n;
        if (yOff < 0 || yEnd > y.length || (cout > 1 && yStride < n)) {
            throw new IllegalArgumentException("y needs indices [" + yOff + ", " + yEnd + ") (stride " + yStride
                    + ", " + n + " frames), array has " + y.length);
        }
    }

    private static boolean overlap(long aFrom, long aTo, long bFrom, long bTo) {
        return aFrom < bTo && bFrom < aTo;
    }

    /** Whether the sum starts from y itself: base is y at y's offset (else it is null or apart from y). */
    static boolean inPlace(float[] base, int baseOff, float[] y, int yOff) {
        return base == y && baseOff == yOff;
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
