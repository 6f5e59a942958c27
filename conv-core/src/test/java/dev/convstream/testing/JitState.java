package dev.convstream.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * One line on how this JVM compiles, for the message of a failed zero-allocation test: whether a
 * failure on a CI machine was the code allocating or C2 not having compiled it yet can only be
 * told from the machine it happened on.
 */
public final class JitState {
    private JitState() {
    }

    /** Compiler, its total compile time, processors, code cache use and the background-compilation flag. */
    public static String describe() {
        StringBuilder s = new StringBuilder("JIT: ");
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null) {
            s.append("none");
        } else {
            s.append(jit.getName());
            if (jit.isCompilationTimeMonitoringSupported()) {
                s.append(", ").append(jit.getTotalCompilationTime()).append(" ms compiling");
            }
        }
        s.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" processors");
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.NON_HEAP && pool.getName().startsWith("CodeHeap")) {
                used += pool.getUsage().getUsed();
                max += Math.max(0, pool.getUsage().getMax());
            }
        }
        s.append(", code cache ").append(used >> 20).append(" of ").append(max >> 20).append(" MiB");
        s.append(", BackgroundCompilation=").append(flag("BackgroundCompilation"));
        s.append(", UseFMA=").append(flag("UseFMA")).append(", UseAVX=").append(flag("UseAVX"));
        return s.toString();
    }

    private static String flag(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
