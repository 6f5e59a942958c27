package dev.convstream.kernel;

/**
 * {@link Winograd} in plain Java, one tile at a time, with the same sums in the same order as
 * {@link VectorWinograd} (which differs only in fusing multiply-adds).
 */
final class ScalarWinograd implements Winograd {

    @Override
    public int tileAlignment() {
        return 1;
    }

    @Override
    public int scratchFloats() {
        return POSITIONS;
    }

    @Override
    public void inputTransform(int channels, float[] src, int plane, int pitch, int[] starts, int tiles,
                               float[] v, int vOff, int ld, float[] scratch) {
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < tiles; t++) {
                int base = c * plane + starts[t];
                // Columns first (Bᵀ d), into scratch[6i + col], then rows ((Bᵀ d) B).
                for (int col = 0; col < WINDOW; col++) {
                    int at = base + col;
                    float d0 = src[at];
                    float d1 = src[at + pitch];
                    float d2 = src[at + 2 * pitch];
                    float d3 = src[at + 3 * pitch];
                    float d4 = src[at + 4 * pitch];
                    float d5 = src[at + 5 * pitch];
                    scratch[col] = 4f * d0 + (d4 - 5f * d2);
                    scratch[6 + col] = (d3 + d4) - 4f * (d1 + d2);
                    scratch[12 + col] = (d4 - d3) + 4f * (d1 - d2);
                    scratch[18 + col] = (d4 - d2) + 2f * (d3 - d1);
                    scratch[24 + col] = (d4 - d2) - 2f * (d3 - d1);
                    scratch[30 + col] = 4f * d1 + (d5 - 5f * d3);
                }
                for (int i = 0; i < WINDOW; i++) {
                    float e0 = scratch[6 * i];
                    float e1 = scratch[6 * i + 1];
                    float e2 = scratch[6 * i + 2];
                    float e3 = scratch[6 * i + 3];
                    float e4 = scratch[6 * i + 4];
                    float e5 = scratch[6 * i + 5];
                    int k = 6 * i;
                    v[vOff + ((k) * channels + c) * ld + t] = 4f * e0 + (e4 - 5f * e2);
                    v[vOff + ((k + 1) * channels + c) * ld + t] = (e3 + e4) - 4f * (e1 + e2);
                    v[vOff + ((k + 2) * channels + c) * ld + t] = (e4 - e3) + 4f * (e1 - e2);
                    v[vOff + ((k + 3) * channels + c) * ld + t] = (e4 - e2) + 2f * (e3 - e1);
                    v[vOff + ((k + 4) * channels + c) * ld + t] = (e4 - e2) - 2f * (e3 - e1);
                    v[vOff + ((k + 5) * channels + c) * ld + t] = 4f * e1 + (e5 - 5f * e3);
                }
            }
        }
    }

    @Override
    public void outputTransform(int channels, float[] m, int mOff, int ld, int tiles, float[] bias, int biasOff,
                                float[] dst, int dstOff, int plane, int pitch, int[] starts, int[] rows, int[] cols,
                                float[] scratch) {
        for (int c = 0; c < channels; c++) {
            float b = bias == null ? 0f : bias[biasOff + c];
            for (int t = 0; t < tiles; t++) {
                // Columns first (Aᵀ M), into scratch[6a + j], then rows ((Aᵀ M) A).
                for (int j = 0; j < WINDOW; j++) {
                    float m0 = m[mOff + (j * channels + c) * ld + t];
                    float m1 = m[mOff + ((6 + j) * channels + c) * ld + t];
                    float m2 = m[mOff + ((12 + j) * channels + c) * ld + t];
                    float m3 = m[mOff + ((18 + j) * channels + c) * ld + t];
                    float m4 = m[mOff + ((24 + j) * channels + c) * ld + t];
                    float m5 = m[mOff + ((30 + j) * channels + c) * ld + t];
                    float sum12 = m1 + m2;
                    float diff12 = m1 - m2;
                    float sum34 = m3 + m4;
                    float diff34 = m3 - m4;
                    scratch[j] = m0 + sum12 + sum34;
                    scratch[6 + j] = diff12 + 2f * diff34;
                    scratch[12 + j] = sum12 + 4f * sum34;
                    scratch[18 + j] = diff12 + 8f * diff34 + m5;
                }
                int height = rows[t];
                int width = cols[t];
                for (int a = 0; a < height; a++) {
                    float e0 = scratch[6 * a];
                    float sum12 = scratch[6 * a + 1] + scratch[6 * a + 2];
                    float diff12 = scratch[6 * a + 1] - scratch[6 * a + 2];
                    float sum34 = scratch[6 * a + 3] + scratch[6 * a + 4];
                    float diff34 = scratch[6 * a + 3] - scratch[6 * a + 4];
                    float e5 = scratch[6 * a + 5];
                    int out = dstOff + c * plane + starts[t] + a * pitch;
                    dst[out] = e0 + sum12 + sum34 + b;
                    if (width > 1) {
                        dst[out + 1] = diff12 + 2f * diff34 + b;
                    }
                    if (width > 2) {
                        dst[out + 2] = sum12 + 4f * sum34 + b;
                    }
                    if (width > 3) {
                        dst[out + 3] = diff12 + 8f * diff34 + e5 + b;
                    }
                }
            }
        }
    }
}
