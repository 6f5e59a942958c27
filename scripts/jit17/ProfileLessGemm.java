import dev.convstream.kernel.Gemm;
import dev.convstream.kernel.Kernels;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.test.whitebox.WhiteBox;

/**
 * Runs VectorGemm's paths (packed A and B in both loop orders, A read in place for narrow
 * products, B by row starts, edge tiles) for a while, then throws away the compiled code and
 * profiles (MDO) of its micro-kernels and packB and has C2 compile them at once, without a profile
 * of their own: JDK 17's tier 2 -> 4 path, deterministically. Then runs again and prints the
 * 256^3 GFLOP/s before and after (a boxed kernel is several times slower).
 * args: seconds per phase[, method-name regex, default kernel.*|packB]
 */
public final class ProfileLessGemm {
    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        String names = args.length > 1 ? args[1] : "kernel.*|packB";
        Gemm g = Kernels.vector().gemm();
        System.out.printf("before: 256^3 %.1f GFLOP/s%n", run(g, seconds));
        WhiteBox wb = WhiteBox.getWhiteBox();
        List<Method> ms = new ArrayList<>();
        for (Method m : Class.forName("dev.convstream.kernel.VectorGemm").getDeclaredMethods()) {
            if (m.getName().matches(names)) {
                ms.add(m);
            }
        }
        for (Method m : ms) {
            wb.deoptimizeMethod0(m, false);
            wb.deoptimizeMethod0(m, true);
            wb.clearMethodState0(m);
        }
        for (Method m : ms) {
            wb.enqueueMethodForCompilation0(m, 4, -1);
        }
        for (Method m : ms) {
            while (wb.getMethodCompilationLevel0(m, false) != 4) {
                Thread.sleep(10);
            }
        }
        StringBuilder s = new StringBuilder("profile-less C2:");
        for (Method m : ms) s.append(' ').append(m.getName());
        System.out.println(s);
        System.out.printf("after: 256^3 %.1f GFLOP/s%n", run(g, seconds));
        s = new StringBuilder("levels after:");
        for (Method m : ms) s.append(' ').append(m.getName()).append('=').append(wb.getMethodCompilationLevel0(m, false));
        System.out.println(s);
    }

    /** Every path for about {@code seconds}; returns the best 256^3 multiplyPacked rate seen. */
    private static double run(Gemm g, double seconds) {
        Random rnd = new Random(3);
        float[] a = new float[300 * 300];
        float[] b = new float[300 * 300];
        float[] c = new float[300 * 300];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        Gemm.Workspace ws = g.newWorkspace();
        Gemm.PackedMatrix p256 = g.pack(256, 256, a, 0, 256);
        Gemm.PackedMatrix p20 = g.pack(20, 70, a, 0, 70);
        int[] rows = new int[70];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i * 100 + 3;
        }
        float[] bias = new float[20];
        double best = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            g.multiply(p256, 256, b, 0, 256, c, 0, 256, false, ws);
            long t1 = System.nanoTime();
            best = Math.max(best, 2.0 * 256 * 256 * 256 / (t1 - t0));
            g.multiply(256, 256, 256, a, 0, 256, b, 0, 256, c, 0, 256, true, ws);  // one shallow block
            g.multiply(64, 300, 290, a, 0, 290, b, 0, 300, c, 0, 300, false, ws);   // deeper than KC: run
            g.multiply(13, 50, 37, a, 0, 37, b, 0, 50, c, 0, 50, true, ws);          // narrow: A in place
            g.multiply(9, 10, 33, a, 0, 33, b, 0, 10, c, 0, 10, false, ws);          // narrow, one vector
            g.multiply(p20, 97, b, rows, c, 0, 97, false, ws);                       // B by row starts
            g.multiply(p20, 97, b, rows, bias, 0, c, 0, 97, ws);                     // with a row bias
        }
        return best;
    }
}
