package dev.convstream.kernel;

/**
 * The two transforms of Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray 2016): a 3x3
 * stride-1 correlation computed per 4x4 block of outputs ("tile") from the 6x6 input window
 * under it, with 36 products per tile and channel pair instead of 144. A convolution layer
 * transforms each window ({@code V = Bᵀ d B}, {@link #inputTransform}), multiplies for each of
 * the 36 positions of the 6x6 transform the filters' transform {@code U = G g Gᵀ}
 * ({@link #transformFilter}, once per layer) by V over the input channels (36 GEMMs), and
 * transforms the 36 sums back ({@code Y = Aᵀ M A}, {@link #outputTransform}).
 *
 * <p>Interpolation points 0, ±1, ±2 and ∞ (Lavin's matrices): on random 64-channel layers their
 * fp32 error is the same as that of 0, ±1, ±1/2, ∞ within the spread between seeds (docs/winograd.md).
 * <pre>
 *      | 4  0 -5  0  1  0 |        | 1/4    0     0   |        | 1  1  1  1  1  0 |
 *      | 0 -4 -4  1  1  0 |        | -1/6  -1/6  -1/6 |   Aᵀ = | 0  1 -1  2 -2  0 |
 * Bᵀ = | 0  4 -4 -1  1  0 |   G =  | -1/6   1/6  -1/6 |        | 0  1  1  4  4  0 |
 *      | 0 -2 -1  2  1  0 |        | 1/24  1/12  1/6  |        | 0  1 -1  8 -8  1 |
 *      | 0  2 -1 -2  1  0 |        | 1/24 -1/12  1/6  |
 *      | 0  4  0 -5  0  1 |        | 0      0     1   |
 * </pre>
 *
 * <p>Layouts. A block holds {@code tiles} tiles, numbered in a caller's order. Transformed values
 * are position-major: position {@code k = 6i + j} of the 6x6 transform, channel c and tile t at
 * {@code [off + (k * channels + c) * ld + t]}, so that for each position the channels x tiles matrix is
 * a plain row-major GEMM operand with leading dimension {@code ld}. {@code ld} must be at least
 * {@code tiles} rounded up to {@link #tileAlignment()}; the transforms may read and write the
 * columns between {@code tiles} and that.
 *
 * <p>Implementations are stateless and thread-safe and never allocate; their scratch (a few
 * hundred floats, {@link #scratchFloats()}) is the caller's.
 */
public interface Winograd {

    /** Outputs per tile side. */
    int TILE = 4;
    /** Input window per tile side: {@code TILE + 2}. */
    int WINDOW = 6;
    /** Positions of the transform: {@code WINDOW * WINDOW}. */
    int POSITIONS = 36;

    /** Tiles are processed in groups of this many (the vector length, or 1). */
    int tileAlignment();

    /** Floats of scratch that each call needs. */
    int scratchFloats();

    /**
     * {@code V = Bᵀ d B} for every channel and tile: the window of tile t in channel c is the 6x6
     * block of {@code src} from {@code c * plane + starts[t]}, rows {@code pitch} apart; every
     * such block must lie inside {@code src}. {@code starts} must hold an entry (any valid one)
     * up to {@code tiles} rounded up to {@link #tileAlignment()}.
     */
    void inputTransform(int channels, float[] src, int plane, int pitch, int[] starts, int tiles,
                        float[] v, int vOff, int ld, float[] scratch);

    /**
     * {@code Y = Aᵀ M A + bias} for every channel and tile, written into {@code dst}: channel c's
     * tile t has its top-left output at {@code dstOff + c * plane + starts[t]}, rows {@code pitch}
     * apart, and only its first {@code rows[t]} rows and {@code cols[t]} columns (each 1..4) are
     * written (edge tiles are cropped).
     *
     * @param bias {@code channels} values from {@code biasOff}, or null for none
     */
    void outputTransform(int channels, float[] m, int mOff, int ld, int tiles, float[] bias, int biasOff,
                         float[] dst, int dstOff, int plane, int pitch, int[] starts, int[] rows, int[] cols,
                         float[] scratch);

    /**
     * {@code U = G g Gᵀ} of the 3x3 filter {@code g} (row-major from {@code gOff}), computed in
     * double and rounded once: position k to {@code u[uOff + k * uStride]}.
     */
    static void transformFilter(float[] g, int gOff, float[] u, int uOff, int uStride) {
        double[][] G = {
                {1.0 / 4, 0, 0},
                {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                {1.0 / 24, 1.0 / 12, 1.0 / 6},
                {1.0 / 24, -1.0 / 12, 1.0 / 6},
                {0, 0, 1}};
        double[][] gg = new double[WINDOW][3];
        for (int i = 0; i < WINDOW; i++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int r = 0; r < 3; r++) {
                    s += G[i][r] * g[gOff + r * 3 + c];
                }
                gg[i][c] = s;
            }
        }
        for (int i = 0; i < WINDOW; i++) {
            for (int j = 0; j < WINDOW; j++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    s += gg[i][c] * G[j][c];
                }
                u[uOff + (i * WINDOW + j) * uStride] = (float) s;
            }
        }
    }
}
