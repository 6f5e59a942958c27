package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider's choice as a function of the JVM it finds, without starting other JVMs. */
class KernelProviderTest {

    private static final Optional<String> READABLE = Optional.empty();
    private static final Optional<String> UNREADABLE = Optional.of("jdk.incubator.vector is not in the boot layer");

    private static JitSupport server(String... args) {
        return new JitSupport("OpenJDK 64-Bit Server VM", "mixed mode, sharing", "HotSpot 64-Bit Tiered Compilers",
                List.of(args));
    }

    private static KernelProvider.Decision decide(Optional<String> module, JitSupport jit) {
        return KernelProvider.decide(null, null, module, jit);
    }

    @Test
    void vectorWhenTheModuleIsReadableAndC2Compiles() {
        KernelProvider.Decision d = decide(READABLE, server("--add-modules=jdk.incubator.vector", "-Xss4m"));
        assertTrue(d.vector());
        assertTrue(d.reason().contains("C2"), d.reason());
    }

    @Test
    void scalarWhenTheModuleIsNotReadable() {
        KernelProvider.Decision d = decide(UNREADABLE, server());
        assertFalse(d.vector());
        assertEquals(UNREADABLE.get(), d.reason());
    }

    @Test
    void scalarWithoutC2() {
        JitSupport[] withoutC2 = {
            server("-Xint"),
            new JitSupport("OpenJDK 64-Bit Server VM", "interpreted mode, sharing", "", List.of()),
            server("-XX:TieredStopAtLevel=1"),
            server("-XX:TieredStopAtLevel=3"),
            server("-XX:TieredStopAtLevel=4", "-XX:TieredStopAtLevel=1"), // the last one counts
            server("-XX:CompilationMode=quick-only"),
            server("-XX:+NeverActAsServerClassMachine"),
            new JitSupport("OpenJDK Client VM", "mixed mode", "HotSpot Client Compiler", List.of()),
            new JitSupport("Some VM", "mixed mode", "HotSpot Client Compiler", List.of()),
        };
        for (JitSupport jit : withoutC2) {
            KernelProvider.Decision d = decide(READABLE, jit);
            assertFalse(d.vector(), jit.toString());
            assertTrue(d.reason().contains("slow"), d.reason());
        }
    }

    @Test
    void vectorWhenC2IsOnlyApparentlyOff() {
        JitSupport[] withC2 = {
            server("-XX:TieredStopAtLevel=4"),
            server("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation"), // not tiered: C2 alone
            server("-Xint", "-Xmixed"),
            server("-XX:+NeverActAsServerClassMachine", "-XX:-NeverActAsServerClassMachine"),
            new JitSupport(null, null, null, null), // nothing known: assume the default JVM
        };
        for (JitSupport jit : withC2) {
            assertTrue(decide(READABLE, jit).vector(), jit.toString());
        }
    }

    @Test
    void thePropertyForcesEitherFamily() {
        assertFalse(KernelProvider.decide("scalar", null, READABLE, server()).vector());
        KernelProvider.Decision v = KernelProvider.decide("vector", null, READABLE, server("-Xint"));
        assertTrue(v.vector(), "forced even without C2");
        assertTrue(v.reason().contains("-Dconvstream.kernels=vector") && v.reason().contains("-Xint"), v.reason());
        assertThrows(UnsupportedOperationException.class,
                () -> KernelProvider.decide("vector", null, UNREADABLE, server()));
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.decide("simd", null, READABLE, server()));
    }

    @Test
    void theOldPropertyNameIsAnAlias() {
        KernelProvider.Decision d = KernelProvider.decide(null, " scalar ", READABLE, server());
        assertFalse(d.vector());
        assertEquals("forced by -Dconvstream.gemm=scalar", d.reason());
        assertTrue(KernelProvider.decide("vector", "vector", READABLE, server()).vector());
        assertThrows(IllegalArgumentException.class, () -> KernelProvider.decide("vector", "scalar", READABLE, server()));
    }

    @Test
    void thisJvmHasC2() {
        // Surefire runs the tests on a default HotSpot server VM.
        assertEquals(Optional.empty(), JitSupport.current().c2Absent(), JitSupport.current().toString());
    }

    @Test
    void aScalarStandInIsAWarningAndWhatWasAskedForIsInfo() {
        assertEquals(System.Logger.Level.WARNING, KernelProvider.level(KernelProvider.SCALAR, false));
        assertEquals(System.Logger.Level.INFO, KernelProvider.level(KernelProvider.SCALAR, true));
        assertEquals(System.Logger.Level.INFO, KernelProvider.level(Kernels.vector(), false));
        assertEquals(System.Logger.Level.INFO, KernelProvider.level(Kernels.vector(), true));
        // What decide says for each case carries the flag the level reads.
        assertTrue(KernelProvider.decide("scalar", null, READABLE, server()).forced());
        assertTrue(KernelProvider.decide(null, "vector", READABLE, server()).forced());
        assertFalse(decide(UNREADABLE, server()).forced());
        assertFalse(decide(READABLE, server()).forced());
    }

    @Test
    void thePreferredChoiceNamesTheFamilyAndWhy() {
        String choice = Kernels.preferredChoice();
        assertTrue(choice.startsWith(Kernels.preferred() + ": "), choice);
        assertTrue(choice.length() > (Kernels.preferred() + ": ").length(), choice);
    }
}
