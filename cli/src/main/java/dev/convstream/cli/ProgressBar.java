package dev.convstream.cli;

import java.util.Locale;

/**
 * What both progress displays ({@link ProgressReporter} for a batch of files, {@link
 * FileProgressBar} for one file) draw with: the bar, the clock, and whether stderr is a terminal
 * to redraw in place.
 */
final class ProgressBar {
    static final int WIDTH = 30;

    private ProgressBar() {
    }

    /** {@code [#####.........]}, {@value #WIDTH} wide, never fuller than the work done. */
    static String bar(double fraction) {
        int filled = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * WIDTH + 1e-9);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    /**
     * Whether this process's stderr is a terminal: as the launcher says ({@link #LAUNCHER_TERMINAL})
     * when it started the JVM, else on Linux, where {@code /proc/self/fd/2} links
     * to the stream's target, exactly (a {@code /dev/pts/*} or {@code /dev/tty*} device);
     * elsewhere an estimate from stdin/stdout: {@code System.console()} exists and, on JDK 22+
     * where a console exists even when redirected, {@code Console.isTerminal()}.
     */
    static boolean stderrIsTerminal() {
        return stderrIsTerminal(System.getProperty(LAUNCHER_TERMINAL));
    }

    /**
     * The system property by which the {@code convstream} launcher says whether the user's stderr
     * is a terminal: it sends the JVM's stderr through a filter (a pipe), so the JVM cannot see it.
     */
    static final String LAUNCHER_TERMINAL = "convstream.stderr.terminal";

    /** {@link #stderrIsTerminal()} with the launcher's word, {@code told} ("true", "false" or null: not said). */
    static boolean stderrIsTerminal(String told) {
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException notLinux) {
            // fall through to the console estimate
        }
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK < 22: console() is null unless both stdin and stdout are terminals
        }
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
