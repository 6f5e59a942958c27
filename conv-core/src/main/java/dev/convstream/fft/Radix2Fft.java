package dev.convstream.fft;

/**
 * Iterative radix-2 decimation-in-time FFT for a power-of-two size: bit-reversal permutation
 * from a precomputed table, then log2(n) butterfly passes with twiddles from a precomputed
 * table (computed directly by cos/sin per index, not by recurrence, so they carry no
 * accumulated rounding).
 */
final class Radix2Fft implements ComplexFft {
    private final int n;
    private final int[] reversed;
    private final double[] cos;   // pass of length len: e^{-2 pi i k / len}, k < len/2, at [len/2 - 1 + k]
    private final double[] sin;

    Radix2Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("radix-2 FFT size must be a power of two, found " + n);
        }
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        double[] c = new double[Math.max(1, n / 2)];
        double[] s = new double[Math.max(1, n / 2)];
        for (int k = 0; k < n / 2; k++) {
            double angle = -2.0 * Math.PI * k / n;
            c[k] = Math.cos(angle);
            s[k] = Math.sin(angle);
        }
        // One contiguous run of twiddles per pass (the values of the full table, so every pass
        // multiplies by exactly what the strided lookup gave), for unit-stride inner loops.
        cos = new double[Math.max(1, n - 1)];
        sin = new double[Math.max(1, n - 1)];
        for (int half = 1; half < n; half <<= 1) {
            int step = n / (2 * half);
            for (int k = 0; k < half; k++) {
                cos[half - 1 + k] = c[k * step];
                sin[half - 1 + k] = s[k * step];
            }
        }
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void transform(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int a = 0; a + 1 < n; a += 2) { // the first pass: twiddle 1
            double xr = re[a + 1];
            double xi = im[a + 1];
            re[a + 1] = re[a] - xr;
            im[a + 1] = im[a] - xi;
            re[a] += xr;
            im[a] += xi;
        }
        for (int len = 4; len <= n; len <<= 1) {
            int half = len >> 1;
            int tw = half - 1;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[tw + k];
                    double wi = sin[tw + k];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
