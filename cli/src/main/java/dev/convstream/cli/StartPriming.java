package dev.convstream.cli;

import java.util.Set;

/**
 * Whether a command line gets {@link dev.convstream.kernel.KernelPrimer} at start: the commands that
 * stream audio through plugin chains ({@code process}, {@code live}, {@code demo}), unless the
 * system property {@value #PROPERTY} is {@code false}. The others (info, features, capture, ...)
 * would only pay the primer's rounds.
 */
final class StartPriming {

    /** {@code -Dconvstream.prime=false} turns the primer off (to compare, or on a machine with one CPU). */
    static final String PROPERTY = "convstream.prime";

    private static final Set<String> STREAMING = Set.of("process", "live", "demo");
    /** Global options that take a value, so that the value is not taken for the subcommand. */
    private static final Set<String> WITH_VALUE = Set.of("--plugins");

    private StartPriming() {
    }

    static boolean wanted(String[] args, String property) {
        if ("false".equalsIgnoreCase(property)) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return STREAMING.contains(a);
            }
        }
        return false;
    }
}
