import dev.convstream.bench.peer.PeerCase;
import dev.convstream.bench.peer.PeerWorkload;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.test.whitebox.WhiteBox;

/**
 * Times one peer-case layer before and after its kernel methods are recompiled by C2 with no
 * profile of their own (the tier 2 -> 4 path of ProfileLessKernels, applied to a running layer),
 * to see whether the JDK-internal leftovers of profile-less-kernels.sh cost time: case d (Conv2d
 * 64->64, 56x56, 3x3 pad 1: VectorWinograd's index-map gathers) and case f (ConvTranspose2d
 * 64->32, 28x28, k4 s2 p1: VectorTransposedScatter.interleaveRow's reinterpretShape/castShape).
 * Same shapes and seeds as PeerCase D / F_TRANSPOSED, one thread.
 * args: d|f, warm-up seconds, timed calls per phase. Prints "before" and "after" lines with
 * p0/p50/mean in microseconds, and a marker line before each forced compile (count-inlining.awk).
 */
public final class ProfileLessLayers {
    public static void main(String[] a) throws Exception {
        // PeerCase's own workload: the same layer, shapes and seeds as PeerBenchmark, one thread
        try (PeerWorkload workload = PeerCase.valueOf(a[0].equals("d") ? "D_DENSE" : "F_TRANSPOSED").open(1)) {
            measure(workload, a);
        }
    }

    private static void measure(PeerWorkload workload, String[] a) throws Exception {
        String which = a[0];
        double warmSeconds = Double.parseDouble(a[1]);
        int calls = Integer.parseInt(a[2]);
        Runnable forward = workload::convstream;
        String cls = which.equals("d") ? "VectorWinograd" : "VectorTransposedScatter";
        String methods = which.equals("d") ? "inputTransform|outputTransform" : "add.|interleaveRow";
        long end = System.nanoTime() + (long) (warmSeconds * 1e9);
        while (System.nanoTime() < end) {
            forward.run();
        }
        float[] reference = workload.convstreamOutput().clone();
        List<Method> targets = new ArrayList<>();
        for (Method m : Class.forName("dev.convstream.kernel." + cls).getDeclaredMethods()) {
            if (m.getName().matches(methods) && !m.isSynthetic() && !m.isBridge()) {
                targets.add(m);
            }
        }
        WhiteBox wb = WhiteBox.getWhiteBox();
        System.out.println(levels(wb, targets));
        time("before", forward, calls);
        for (Method m : targets) {
            wb.deoptimizeMethod0(m, false);
            wb.deoptimizeMethod0(m, true);
            wb.clearMethodState0(m);
        }
        if (a.length > 3 && a[3].equals("jdk")) {
            // Also reset the profiles of the Vector API's own methods: C2 reads the receiver
            // profiles of the call sites inside the JDK methods it inlines from their MDOs, which
            // a warm JVM has filled; a kernel reached only through tier 2 may find them empty.
            System.out.println("reset vector API profiles: " + resetVectorApi(wb) + " methods");
        }
        for (Method m : targets) {
            System.out.println("=== profile-less compile " + cls + "." + m.getName());
            System.out.flush();
            wb.enqueueMethodForCompilation0(m, 4, -1);
            long until = System.nanoTime() + 60_000_000_000L;
            while (wb.getMethodCompilationLevel0(m, false) != 4 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        }
        System.out.println("=== profile-less compiles end");
        System.out.println(levels(wb, targets));
        time("after ", forward, calls);
        System.out.println(levels(wb, targets));
        if (!Arrays.equals(reference, workload.convstreamOutput())) {
            throw new AssertionError("output changed after the recompile");
        }
    }

    private static int resetVectorApi(WhiteBox wb) {
        List<Class<?>> classes = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("jdk.incubator.vector.AbstractVector",
                "jdk.incubator.vector.AbstractSpecies", "jdk.incubator.vector.AbstractMask",
                "jdk.incubator.vector.AbstractShuffle", "jdk.incubator.vector.VectorIntrinsics",
                "jdk.incubator.vector.Vector", "jdk.incubator.vector.VectorSpecies",
                "jdk.incubator.vector.VectorShape", "jdk.incubator.vector.LaneType",
                "jdk.internal.vm.vector.VectorSupport"));
        for (String e : List.of("Byte", "Short", "Int", "Long", "Float", "Double")) {
            names.add("jdk.incubator.vector." + e + "Vector");
            for (String bits : List.of("64", "128", "256", "512", "Max")) {
                names.add("jdk.incubator.vector." + e + bits + "Vector");
            }
        }
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n);
                classes.add(c);
                classes.addAll(Arrays.asList(c.getDeclaredClasses()));
            } catch (ClassNotFoundException absent) {
                // not in this JDK
            }
        }
        int count = 0;
        for (Class<?> c : classes) {
            for (java.lang.reflect.Executable m : c.getDeclaredMethods()) {
                wb.clearMethodState0(m);
                count++;
            }
            for (java.lang.reflect.Executable m : c.getDeclaredConstructors()) {
                wb.clearMethodState0(m);
                count++;
            }
        }
        return count;
    }

    private static String levels(WhiteBox wb, List<Method> targets) {
        StringBuilder s = new StringBuilder("levels:");
        for (Method m : targets) {
            s.append(' ').append(m.getName()).append('=').append(wb.getMethodCompilationLevel0(m, false));
        }
        return s.toString();
    }

    private static void time(String label, Runnable forward, int calls) {
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            forward.run();
            ns[i] = System.nanoTime() - t;
        }
        long sum = 0;
        for (long n : ns) {
            sum += n;
        }
        Arrays.sort(ns);
        System.out.printf("%s p0 %8.1f us  p50 %8.1f us  mean %8.1f us  (%d calls)%n", label,
                ns[0] / 1e3, ns[calls / 2] / 1e3, sum / 1e3 / calls, calls);
    }
}
