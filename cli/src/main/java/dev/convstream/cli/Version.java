package dev.convstream.cli;

import dev.convstream.kernel.Kernels;
import picocli.CommandLine;

/**
 * {@code convstream --version} (and every subcommand's {@code -V}): the version, the Java runtime,
 * and the kernel family this JVM runs with and why, the facts a bug report or a speed question
 * starts from. The kernel line replaces the log line every run used to print.
 */
final class Version implements CommandLine.IVersionProvider {

    static final String VERSION = "convstream 0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {
            VERSION,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                    + System.getProperty("java.vm.vendor") + ")",
            "kernels: " + Kernels.preferredChoice()
        };
    }

    /** Gives every subcommand of {@code cli} this provider, so that {@code convstream process -V} prints it too. */
    static void shareWith(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0 && sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new Version());
            }
            shareWith(sub);
        }
    }
}
