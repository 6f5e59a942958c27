package dev.convstream.cli;

import java.util.Set;

/**
 * Where the subcommand is on a {@code convstream} command line: the first argument that is not an
 * option of the top command or its value. Read from the raw arguments, before picocli has built
 * anything, by the two decisions taken that early ({@link StartPriming}, {@link Subcommands}).
 */
final class SubcommandWord {

    /** The top command's options that take a value, so that the value is not taken for the subcommand. */
    private static final Set<String> WITH_VALUE = Set.of("--plugins");

    private SubcommandWord() {
    }

    /** The subcommand's index in {@code args}, or -1 when there is none. */
    static int indexIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
