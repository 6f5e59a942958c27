package dev.convstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void scalarIsAlwaysAvailable() {
        assertEquals("scalar", Kernels.scalar().name());
        assertEquals("scalar", Kernels.scalar().gemm().name());
    }

    @Test
    void vectorIsAvailableWhenTheModuleIsAdded() {
        // Surefire starts the test JVM with --add-modules jdk.incubator.vector.
        assertEquals("vector", Kernels.vector().name());
    }

    @Test
    void preferredIsChosenOnceAndIsTheVectorFamilyHere() {
        assertSame(Kernels.preferred(), Kernels.preferred());
        String forced = System.getProperty(KernelProvider.PROPERTY, "");
        assertEquals(forced.isEmpty() ? "vector" : forced, Kernels.preferred().name());
    }
}
