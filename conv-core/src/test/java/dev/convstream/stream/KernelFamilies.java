package dev.convstream.stream;

import dev.convstream.kernel.Kernels;

import java.util.stream.Stream;

/** The kernel families every streaming test runs on. */
public final class KernelFamilies {
    private KernelFamilies() {
    }

    public static Stream<Kernels> both() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }
}
