package dev.convstream.kernel;

import java.lang.System.Logger.Level;

/**
 * Chooses the {@link Kernels} family once per JVM, as Lucene's vectorization provider does:
 * look whether {@code jdk.incubator.vector} is in the boot layer, load the Vector API classes
 * only then (reflectively, so this class links without the module), log the choice once.
 */
final class KernelProvider {

    static final String PROPERTY = "convstream.gemm";
    static final Kernels SCALAR = new ScalarKernels();

    private KernelProvider() {
    }

    static Kernels preferred() {
        return Preferred.INSTANCE;
    }

    static Kernels vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new UnsupportedOperationException("the Vector API is not available: start the JVM with "
                    + "--add-modules jdk.incubator.vector");
        }
        try {
            return (Kernels) Class.forName("dev.convstream.kernel.VectorKernels")
                    .getDeclaredConstructor().newInstance();
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

    /** Lazy holder: the choice is made, and logged, the first time anyone asks. */
    private static final class Preferred {
        static final Kernels INSTANCE = choose();

        private static Kernels choose() {
            System.Logger log = System.getLogger("dev.convstream.kernel");
            String forced = System.getProperty(PROPERTY, "").trim();
            switch (forced) {
                case "scalar":
                    log.log(Level.INFO, "convstream kernels: scalar (forced by -D" + PROPERTY + "=scalar)");
                    return SCALAR;
                case "vector":
                    Kernels v = vector(); // fails loudly: the user asked for it
                    log.log(Level.INFO, "convstream kernels: " + v + " (forced by -D" + PROPERTY + "=vector)");
                    return v;
                case "":
                    try {
                        Kernels chosen = vector();
                        log.log(Level.INFO, "convstream kernels: " + chosen);
                        return chosen;
                    } catch (UnsupportedOperationException e) {
                        log.log(Level.INFO, "convstream kernels: scalar (" + e.getMessage() + ")");
                        return SCALAR;
                    }
                default:
                    throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                            + " is not supported: use scalar or vector");
            }
        }
    }
}
