package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.convstream.testing.KernelFamilies;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void scalarIsAlwaysAvailable() {
        assertEquals("scalar", Kernels.scalar().name());
        assertEquals("scalar", Kernels.scalar().gemm().name());
    }

    @Test
    void vectorIsAvailableWhenTheModuleIsAdded() {
        // Surefire starts the test JVM with --add-modules jdk.incubator.vector; skipped without it.
        assertEquals("vector", KernelFamilies.vector().name());
    }

    @Test
    void preferredIsChosenOnceAndIsTheVectorFamilyHere() {
        assertSame(Kernels.preferred(), Kernels.preferred());
        String forced = System.getProperty(KernelProvider.PROPERTY, "");
        String available = KernelFamilies.vectorUnavailable().isEmpty() ? "vector" : "scalar";
        assertEquals(forced.isEmpty() ? available : forced, Kernels.preferred().name());
    }
}
