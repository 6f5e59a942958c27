package dev.convstream.kernel;

import java.util.List;
import java.util.Optional;

/**
 * Whether this JVM compiles hot code with C2, read from what it was started with. The Vector
 * API is fast only once C2 intrinsifies it: the interpreter and C1 run its Java fallback, which
 * boxes every vector and is about a hundred times slower than the plain-Java kernels. So the
 * provider falls back to scalar where C2 is absent: the interpreter ({@code -Xint}), a client
 * VM, and tiered compilation stopped below level 4 ({@code -XX:TieredStopAtLevel=1..3},
 * {@code -XX:CompilationMode=quick-only}, {@code -XX:+NeverActAsServerClassMachine}).
 *
 * <p>A pure function of its inputs, so every case is testable in one JVM; {@link #current()}
 * reads them from the running one.
 *
 * @param vmName {@code java.vm.name}, e.g. "OpenJDK 64-Bit Server VM"
 * @param vmInfo {@code java.vm.info}, e.g. "mixed mode, sharing" or "interpreted mode"
 * @param compiler {@code sun.management.compiler}, e.g. "HotSpot 64-Bit Tiered Compilers", or null
 * @param arguments the JVM's input arguments ({@code RuntimeMXBean.getInputArguments()})
 */
record JitSupport(String vmName, String vmInfo, String compiler, List<String> arguments) {

    JitSupport {
        vmName = vmName == null ? "" : vmName;
        vmInfo = vmInfo == null ? "" : vmInfo;
        compiler = compiler == null ? "" : compiler;
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    /** The running JVM's. Without the {@code java.management} module, the arguments are unknown (empty). */
    static JitSupport current() {
        List<String> args;
        try {
            args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError | SecurityException e) {
            args = List.of();
        }
        return new JitSupport(System.getProperty("java.vm.name"), System.getProperty("java.vm.info"),
                System.getProperty("sun.management.compiler"), args);
    }

    /** Why C2 will not compile the kernels, or empty when it will. */
    Optional<String> c2Absent() {
        if (vmInfo.contains("interpreted mode") || last("-Xint", "-Xmixed", "-Xcomp").equals("-Xint")) {
            return Optional.of("the JVM only interprets (-Xint)");
        }
        if (vmName.contains("Client VM")) {
            return Optional.of("the client VM has no C2 (" + vmName + ")");
        }
        if (compiler.contains("Client Compiler") && !compiler.contains("Tiered")) {
            return Optional.of("the JVM compiles with C1 only (" + compiler + ")");
        }
        boolean tiered = !last("-XX:+TieredCompilation", "-XX:-TieredCompilation").equals("-XX:-TieredCompilation");
        if (tiered) {
            String stop = valueOf("-XX:TieredStopAtLevel=");
            if (!stop.isEmpty() && isLevelBelowC2(stop)) {
                return Optional.of("tiered compilation stops before C2 (-XX:TieredStopAtLevel=" + stop + ")");
            }
            String mode = valueOf("-XX:CompilationMode=");
            if (mode.equals("quick-only")) {
                return Optional.of("the JVM compiles with C1 only (-XX:CompilationMode=quick-only)");
            }
            if (last("-XX:+NeverActAsServerClassMachine", "-XX:-NeverActAsServerClassMachine")
                    .equals("-XX:+NeverActAsServerClassMachine")) {
                return Optional.of("the JVM emulates a client VM (-XX:+NeverActAsServerClassMachine)");
            }
        }
        return Optional.empty();
    }

    private static boolean isLevelBelowC2(String level) {
        try {
            return Integer.parseInt(level.trim()) < 4;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The last of these exact arguments given (the JVM honours the last), or "". */
    private String last(String... options) {
        String found = "";
        for (String a : arguments) {
            for (String o : options) {
                if (a.equals(o)) {
                    found = o;
                }
            }
        }
        return found;
    }

    /** The value of the last {@code prefix<value>} argument, or "". */
    private String valueOf(String prefix) {
        String found = "";
        for (String a : arguments) {
            if (a.startsWith(prefix)) {
                found = a.substring(prefix.length());
            }
        }
        return found;
    }
}
