/**
 * The float error of a rational tanh (x + x^3 A(x^2)) / (1 + x^2 B(x^2)) as fit_tanh_rational.py
 * prints it, evaluated with FMA Horner and one division, against Math.tanh in double on every
 * stride-th non-negative float up to 9.5 (error in ulp of float(exact), as MathAccuracyTest).
 * Not part of the build (a record of the rejected candidate, docs/exact-tanh.md):
 *
 * <pre>java conv-core/src/test/scripts/TanhRationalCheck.java STRIDE CLAMP NA A0..A(NA-1) B0..</pre>
 */
public class TanhRationalCheck {
    public static void main(String[] args) {
        int stride = Integer.parseInt(args[0]);
        float clamp = Float.parseFloat(args[1]);
        int na = Integer.parseInt(args[2]);
        float[] ta = new float[na];
        for (int i = 0; i < na; i++) {
            ta[i] = Float.parseFloat(args[3 + i]);
        }
        int nb = args.length - 3 - na;
        float[] tb = new float[nb];
        for (int i = 0; i < nb; i++) {
            tb[i] = Float.parseFloat(args[3 + na + i]);
        }
        int maxBits = Float.floatToRawIntBits(9.5f);
        double worst = 0;
        float worstAt = 0;
        float maxT = 0;
        for (int bits = 0; bits <= maxBits; bits += stride) {
            float v = Float.intBitsToFloat(bits);
            float a = Math.min(Math.max(v, -clamp), clamp);
            float s = a * a;
            float pa = ta[na - 1];
            for (int j = na - 2; j >= 0; j--) {
                pa = Math.fma(pa, s, ta[j]);
            }
            float num = Math.fma(a * s, pa, a);
            float pb = tb[nb - 1];
            for (int j = nb - 2; j >= 0; j--) {
                pb = Math.fma(pb, s, tb[j]);
            }
            float t = num / Math.fma(pb, s, 1f);
            double exact = Math.tanh(v);
            double err = Math.abs(t - exact) / Math.ulp((float) exact);
            if (err > worst) {
                worst = err;
                worstAt = v;
            }
            maxT = Math.max(maxT, t);
        }
        System.out.printf("worst %.4f ulp at %s, largest result %s%n", worst, worstAt, maxT);
    }
}
