import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import jdk.test.whitebox.WhiteBox;

/**
 * Streams a NAM file (StreamingCpuTime), then throws away the conv tiles' compiled code and
 * profiles (MDO) and has C2 compile them at once, without a profile of their own while every
 * JDK method keeps its profile: the tier 2 -> 4 path, deterministically. Then streams again.
 * args: seconds, NAM file, tanh, kernel classes (comma-separated simple names)[, method-name regex, default tile.*]
 */
public final class ProfileLessTiles {
    public static void main(String[] a) throws Exception {
        String[] run = {a[0], "64", a[1], a[2]};
        dev.convstream.bench.StreamingCpuTime.main(run);
        WhiteBox wb = WhiteBox.getWhiteBox();
        String names = a.length > 4 ? a[4] : "tile.*";
        List<Method> tiles = new ArrayList<>();
        for (String cls : a[3].split(",")) {
            for (Method m : Class.forName("dev.convstream.kernel." + cls).getDeclaredMethods()) {
                if (m.getName().matches(names)) {
                    tiles.add(m);
                }
            }
        }
        for (Method m : tiles) {
            wb.deoptimizeMethod0(m, false);
            wb.deoptimizeMethod0(m, true);
            wb.clearMethodState0(m);
        }
        for (Method m : tiles) {
            wb.enqueueMethodForCompilation0(m, 4, -1);
        }
        for (Method m : tiles) {
            while (wb.getMethodCompilationLevel0(m, false) != 4) {
                Thread.sleep(10);
            }
        }
        StringBuilder s = new StringBuilder("profile-less C2:");
        for (Method m : tiles) s.append(' ').append(m.getDeclaringClass().getSimpleName()).append('.').append(m.getName());
        System.out.println(s);
        dev.convstream.bench.StreamingCpuTime.main(run);
        s = new StringBuilder("levels after:");
        for (Method m : tiles) s.append(' ').append(m.getName()).append('=').append(wb.getMethodCompilationLevel0(m, false));
        System.out.println(s);
    }
}
