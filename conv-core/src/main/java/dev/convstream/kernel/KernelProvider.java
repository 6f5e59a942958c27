package dev.convstream.kernel;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Chooses the {@link Kernels} family once per JVM, as Lucene's vectorization provider does:
 * the Vector API family when {@code jdk.incubator.vector} is readable and C2 will compile it
 * ({@link JitSupport}), else the scalar family; the system property {@value #PROPERTY} (or its
 * older alias {@value #ALIAS}) forces either. The Vector API classes are loaded only when
 * chosen (reflectively, so this class links without the module), and the choice is logged in
 * one line with its reason: at WARNING when the scalar family stands in for a vector family
 * the JVM could not run, else at INFO.
 *
 * <p>Every JVM-specific decision about kernels lives here or in the vector family itself,
 * never in a layer.
 */
final class KernelProvider {

    /** {@code scalar} or {@code vector}: forces the family. */
    static final String PROPERTY = "convstream.kernels";
    /** The property's first name, from when it selected only the GEMM; still honoured. */
    static final String ALIAS = "convstream.gemm";
    static final Kernels SCALAR = ScalarKernels.create();
    private static final String MODULE = "jdk.incubator.vector";

    private KernelProvider() {
    }

    static Kernels preferred() {
        return Preferred.INSTANCE;
    }

    static Kernels vector() {
        Optional<String> unreadable = vectorModuleUnreadable();
        if (unreadable.isPresent()) {
            throw new UnsupportedOperationException("the Vector API is not available: " + unreadable.get());
        }
        try {
            return (Kernels) Class.forName("dev.convstream.kernel.VectorKernels")
                    .getDeclaredMethod("create").invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedOperationException u) {
                throw u;
            }
            throw new UnsupportedOperationException("the Vector API kernels failed to start: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("the Vector API kernels failed to load: " + e, e);
        }
    }

    /** Why this module cannot read {@code jdk.incubator.vector}, or empty when it can. */
    private static Optional<String> vectorModuleUnreadable() {
        Optional<Module> module = ModuleLayer.boot().findModule(MODULE);
        if (module.isEmpty()) {
            return Optional.of(MODULE + " is not in the boot layer: start the JVM with --add-modules " + MODULE);
        }
        if (!KernelProvider.class.getModule().canRead(module.get())) {
            return Optional.of(KernelProvider.class.getModule().getName() + " does not read " + MODULE);
        }
        return Optional.empty();
    }

    /** A family, whether the user forced it (by property), and why: the outcome of {@link #decide}. */
    record Decision(boolean vector, boolean forced, String reason) {
    }

    /**
     * The choice, as a pure function of what the JVM offers.
     *
     * @param forcedKernels the value of {@value #PROPERTY}, or null
     * @param forcedAlias the value of {@value #ALIAS}, or null
     * @param vectorUnreadable why the Vector API module cannot be read, or empty
     * @param jit how this JVM compiles
     * @throws IllegalArgumentException for a forced value other than scalar or vector, or the
     *     two properties set to different values
     * @throws UnsupportedOperationException when vector is forced but the module is not readable
     */
    static Decision decide(String forcedKernels, String forcedAlias, Optional<String> vectorUnreadable,
                           JitSupport jit) {
        String kernels = forcedKernels == null ? "" : forcedKernels.trim();
        String alias = forcedAlias == null ? "" : forcedAlias.trim();
        if (!kernels.isEmpty() && !alias.isEmpty() && !kernels.equals(alias)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + kernels + " and -D" + ALIAS + "=" + alias
                    + " disagree: set only " + PROPERTY);
        }
        String property = kernels.isEmpty() && !alias.isEmpty() ? ALIAS : PROPERTY;
        String forced = kernels.isEmpty() ? alias : kernels;
        Optional<String> c2Absent = jit.c2Absent();
        switch (forced) {
            case "scalar":
                return new Decision(false, true, "forced by -D" + property + "=scalar");
            case "vector":
                if (vectorUnreadable.isPresent()) {
                    throw new UnsupportedOperationException("-D" + property + "=vector, but the Vector API is not "
                            + "available: " + vectorUnreadable.get());
                }
                return new Decision(true, true, "forced by -D" + property + "=vector"
                        + c2Absent.map(why -> ", although " + why + ": expect it to be slow").orElse(""));
            case "":
                if (vectorUnreadable.isPresent()) {
                    return new Decision(false, false, vectorUnreadable.get());
                }
                if (c2Absent.isPresent()) {
                    return new Decision(false, false, c2Absent.get() + ", and the Vector API is slow without it");
                }
                return new Decision(true, false, MODULE + " is readable and C2 compiles it");
            default:
                throw new IllegalArgumentException("-D" + property + "=" + forced + " is not supported: use scalar or vector");
        }
    }

    /** Lazy holder: the choice is made, and logged, the first time anyone asks. */
    private static final class Preferred {
        static final Choice CHOICE = choose();
        static final Kernels INSTANCE = CHOICE.kernels();

        /**
         * Logged at INFO when it is what the JVM was started for (the vector family, or the scalar
         * one forced), at WARNING when the scalar family stands in for a vector family that could
         * not run: then every kernel is several times slower, and the reason says how to fix it.
         */
        private static Choice choose() {
            Decision d = decide(System.getProperty(PROPERTY), System.getProperty(ALIAS), vectorModuleUnreadable(),
                    JitSupport.current());
            Kernels chosen = SCALAR;
            String reason = d.reason();
            if (d.vector()) {
                try {
                    chosen = vector();
                } catch (UnsupportedOperationException e) {
                    if (d.forced()) {
                        throw e; // the user asked for it: fail loudly
                    }
                    reason = e.getMessage();
                }
            }
            Choice choice = new Choice(chosen, chosen + ": " + reason);
            System.getLogger("dev.convstream.kernel").log(level(chosen, d.forced()), "convstream kernels: " + choice.text());
            return choice;
        }
    }

    /** WARNING when the scalar family was not asked for (a slow run the user can fix), else INFO. */
    static Level level(Kernels chosen, boolean forced) {
        return chosen == SCALAR && !forced ? Level.WARNING : Level.INFO;
    }

    static String preferredChoice() {
        return Preferred.CHOICE.text();
    }

    /** The family picked for this JVM, and that family with the reason, as logged. */
    private record Choice(Kernels kernels, String text) {
    }
}
