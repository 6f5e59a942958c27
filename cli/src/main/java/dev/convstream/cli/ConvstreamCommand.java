package dev.convstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code convstream} command line: one subcommand per job. */
@Command(name = "convstream", mixinStandardHelpOptions = true, version = "convstream 0.1.0",
        description = "Convolution for audio: exact offline, streaming and real-time.",
        subcommands = {DemoCommand.class, ProcessCommand.class, LiveCommand.class, DevicesCommand.class,
                FeaturesCommand.class, InfoCommand.class, ExplainCommand.class,
                PluginsCommand.class, CommandLine.HelpCommand.class})
public final class ConvstreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace too (default: one line).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // One line per log record (the JDK default takes two, with a timestamp users don't need).
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(execute(args));
    }

    /** Runs the command and returns its exit code: 0 ok, 1 failure, 2 usage. */
    public static int execute(String... args) {
        ConvstreamCommand top = new ConvstreamCommand();
        CommandLine cli = new CommandLine(top);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("convstream: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (top.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
