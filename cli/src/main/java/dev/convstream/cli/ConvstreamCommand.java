package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import dev.convstream.live.LiveRig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @CommandLine.Option(names = "--plugins", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = {"Folder of plugin jars to load, besides the shipped plugins (repeatable).",
                    "The environment variable CONVSTREAM_PLUGINS adds more (a path list)."})
    List<Path> pluginFolders = new ArrayList<>();

    private final Map<String, String> environment;

    ConvstreamCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The host's commands with the shipped plugins and those of the plugin folders. */
    HostCommands host() {
        return Host.commands(spec, pluginFolders, environment);
    }

    /** The live commands, with the same plugins as {@link #host()}. */
    LiveRig rig() {
        return Host.rig(spec, pluginFolders, environment);
    }

    /** The environment the command runs in (plugin folders, cache folders). */
    Map<String, String> environment() {
        return environment;
    }

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
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)}, with {@code environment} instead of this process's. */
    static int execute(Map<String, String> environment, String... args) {
        ConvstreamCommand top = new ConvstreamCommand(environment);
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
