package dev.convstream.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel family's one log line ({@code INFO: convstream kernels: vector (...): ...}), which
 * the library writes the first time a model asks for kernels: on stderr only with
 * {@code --verbose}, since every run printed it in the middle of its own output ({@code info}'s
 * table, a progress bar) and {@code --version} names the family. A scalar family standing in for
 * a vector one that could not run is logged as a WARNING and always shown: that run is several
 * times slower, and the line says how to fix it.
 */
final class KernelLog {

    static final String LOGGER = "dev.convstream.kernel";
    static final String VERBOSE = "--verbose";

    /**
     * Held so that the level set on it stays set: {@code java.util.logging} keeps loggers only
     * weakly, and a logger collected before the library's first message would come back at the
     * default level.
     */
    private final Logger logger = Logger.getLogger(LOGGER);

    /** Shows INFO only when {@code args} has {@code --verbose} (read before picocli exists, as the primer is started). */
    KernelLog(String[] args) {
        if (!verbose(args)) {
            logger.setLevel(Level.WARNING);
        }
    }

    static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** The level set: WARNING unless verbose, else the default (null: the parent's). */
    Level level() {
        return logger.getLevel();
    }
}
