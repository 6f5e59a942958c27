package dev.convstream.testing;

import dev.convstream.kernel.Kernels;
import org.junit.jupiter.api.Assumptions;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel families every parameterised test runs on: scalar, and the Vector API family.
 *
 * <p>When the Vector API cannot be used (the JVM was started without
 * {@code --add-modules jdk.incubator.vector}), the vector case is not dropped silently and does
 * not fail either: it is a stand-in named {@code vector} that aborts, through JUnit's
 * {@link Assumptions}, the first time a test asks it for a kernel, so each vector invocation is
 * reported as skipped with the reason. Tests that need the family directly ask {@link #vector()}.
 */
public final class KernelFamilies {
    private KernelFamilies() {
    }

    /** Scalar, then vector (or its skipping stand-in). */
    public static Stream<Kernels> both() {
        return Stream.of(Kernels.scalar(), vectorOrStandIn());
    }

    /** {@link #both()} as a list, for tests that combine the families with other parameters. */
    public static List<Kernels> list() {
        return both().toList();
    }

    /** The Vector API family, or the calling test aborted (skipped) with the reason it is missing. */
    public static Kernels vector() {
        assumeVectorApi();
        return Kernels.vector();
    }

    /** Aborts (skips) the calling test, with the reason, when the Vector API module is absent. */
    public static void assumeVectorApi() {
        Optional<String> missing = vectorUnavailable();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "vector family skipped: " + missing.orElse(""));
    }

    /**
     * Why the Vector API family cannot be used in this JVM (the module is not in the boot layer), or
     * empty when it can. Only the module's absence is a reason to skip: with the module present,
     * a family that fails to load fails the test.
     */
    public static Optional<String> vectorUnavailable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return Optional.empty();
        }
        return Optional.of("jdk.incubator.vector is not in this JVM (start it with --add-modules jdk.incubator.vector)");
    }

    private static Kernels vectorOrStandIn() {
        Optional<String> missing = vectorUnavailable();
        return missing.isEmpty() ? Kernels.vector() : standIn(missing.get());
    }

    /** A {@code vector} family whose every kernel request skips the test; a proxy, so it follows the interface. */
    private static Kernels standIn(String reason) {
        String why = "vector family skipped: " + reason;
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "name" -> "vector";
            case "toString" -> "vector (unavailable)";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                Assumptions.abort(why);
                yield null;
            }
        };
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, h);
    }
}
