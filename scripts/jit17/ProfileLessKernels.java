import dev.convstream.kernel.Kernels;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import jdk.test.whitebox.WhiteBox;

/**
 * Runs the hot vector kernels once the way the library does (A1 standard streamed with exact and
 * with fast tanh, then the elementwise passes, the depthwise kernels and RowDots through
 * {@link Kernels#vector()}), so every class and every Vector API class they touch is loaded; then
 * throws away the named methods' compiled code and profiles (MDO) and has C2 compile them at once,
 * with nothing of their own: the tier 2 -> 4 path, deterministically. Prints a marker line before
 * each of those compiles, so the caller counts only their PrintInlining lines, per method.
 * args: NAM file, then specs "SimpleClassName:method-regex" (classes in dev.convstream.kernel;
 * a nested class as Outer$Inner).
 */
public final class ProfileLessKernels {
    public static void main(String[] a) throws Exception {
        dev.convstream.bench.StreamingCpuTime.main(new String[] {"1", "64", a[0], "exact"});
        dev.convstream.bench.StreamingCpuTime.main(new String[] {"1", "64", a[0], "fast"});
        exercise(Kernels.vector());
        WhiteBox wb = WhiteBox.getWhiteBox();
        List<Method> targets = new ArrayList<>();
        for (int s = 1; s < a.length; s++) {
            String[] spec = a[s].split(":", 2);
            for (Method m : Class.forName("dev.convstream.kernel." + spec[0]).getDeclaredMethods()) {
                if (m.getName().matches(spec[1]) && !m.isSynthetic() && !m.isBridge()) {
                    targets.add(m);
                }
            }
        }
        for (Method m : targets) {
            wb.deoptimizeMethod0(m, false);
            wb.deoptimizeMethod0(m, true);
            wb.clearMethodState0(m);
        }
        // One at a time, each after a marker line: PrintInlining's trees carry no method name.
        StringBuilder s = new StringBuilder("levels:");
        for (Method m : targets) {
            String name = m.getDeclaringClass().getSimpleName() + "." + m.getName();
            System.out.println("=== profile-less compile " + name);
            System.out.flush();
            wb.enqueueMethodForCompilation0(m, 4, -1);
            long until = System.nanoTime() + 60_000_000_000L;
            while (wb.getMethodCompilationLevel0(m, false) != 4 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            s.append(' ').append(name).append('=').append(wb.getMethodCompilationLevel0(m, false));
        }
        System.out.println("=== profile-less compiles end");
        System.out.println(s);
    }

    /** A few hundred calls of each non-streaming kernel on shapes that reach its vector paths. */
    private static void exercise(Kernels k) {
        float[] x = new float[8192];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37) * 4;
        }
        float[] sum = new float[8192];
        float[] in = new float[140 * 140];
        float[] out = new float[128 * 128];
        float[] kern = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f, -0.9f,
            0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1f, 1.1f, 1.2f, 1.3f, 1.4f, 1.5f, 1.6f};
        float[] scratch = new float[1 << 16];
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] c = new float[64];
        float[] work = new float[Math.max(1, k.rowDots().workSize())];
        dev.convstream.kernel.SmallLstm.Cell[] cells = new dev.convstream.kernel.SmallLstm.Cell[3];
        float[][] state = new float[3][];
        for (int h = 1; h <= 3; h++) {
            float[] w = new float[4 * h * (1 + h) + 4 * h + h + 1];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.1f * ((i % 7) - 3);
            }
            cells[h - 1] = k.smallLstm().fastTanhCell(h, w);
            state[h - 1] = new float[h];
        }
        for (int r = 0; r < 400; r++) {
            for (int h = 0; h < 3; h++) {
                if (cells[h] != null) {
                    cells[h].run(state[h], state[h].clone(), x, 0, out, 0, 64);
                }
            }
            float[] y = x.clone();
            k.math().tanh(y, 0, 1000 + r);
            y = x.clone();
            k.math().sigmoid(y, 0, 1000 + r);
            y = x.clone();
            k.math().exp(y, 0, 1000 + r);
            y = x.clone();
            k.math().tanhAddInto(y, 0, sum, 0, 1000 + r);
            y = x.clone();
            k.math().fastTanhAddInto(y, 0, sum, 0, 1000 + r);
            for (int w : new int[] {56, 128}) {
                k.depthwise().correlate(in, 0, w + 2, w + 2, kern, 0, 3, 3, 1, 1, 1, 1, out, 0, w, w, 0.5f);
                k.depthwise().correlate(in, 0, w + 4, w + 4, kern, 0, 5, 5, 1, 1, 1, 1, out, 0, w, w, 0.5f);
                k.depthwise().correlate(in, 0, w + 2, w + 2, kern, 0, 3, 3, 2, 1, 1, 1, out, 0, w / 2, w, 0.5f);
                for (int d = 1; d <= 2; d++) {
                    if (k.depthwise().readsUnpadded(3, 3, 1, 1, w)) {
                        k.depthwise().correlateZeroPadded(in, 0, w, w, d, d, kern, 0, 3, 3, 1, 1, d, d,
                                out, 0, w, w, 0.5f, scratch);
                    }
                }
            }
            k.depthwise().correlate(in, 0, 1, 200, kern, 0, 1, 3, 1, 1, 1, 1, out, 0, 1, 198, 0.5f);
            k.rowDots().multiply(8, 8, 500 + r, x, 0, 1024, x, rows, c, 0, 8, r % 2 == 0, work);
            k.rowDots().multiply(5, 5, 500 + r, x, 0, 1024, x, rows, c, 0, 8, false, work);
            k.rowDots().multiply(1, 1, 500 + r, x, 0, 1024, x, rows, c, 0, 8, true, work);
        }
    }
}
