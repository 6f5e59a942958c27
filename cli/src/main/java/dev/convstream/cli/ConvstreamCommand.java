package dev.convstream.cli;

import dev.convstream.check.Failures;
import dev.convstream.host.HostCommands;
import dev.convstream.kernel.KernelPrimer;
import dev.convstream.kernel.Kernels;
import dev.convstream.live.LiveRig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code convstream} command line: one subcommand per job. */
@Command(name = "convstream", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Convolution for audio: exact offline, streaming and real-time.",
        // the subcommands: Subcommands.ALL, registered per command line
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
                "1:failed while running: a file that will not load or cannot be written, a device lost;"
                        + " the message names the path and the reason",
                "2:usage: an unknown option, a bad value or chain text; the message says which",
                "3:no such audio device (live, features --live)"})
public final class ConvstreamCommand implements Runnable {

    /** The primer's wall-time bound: on a loaded machine it stops there and the models' own calls do the rest. */
    private static final Duration PRIMING_BUDGET = Duration.ofMillis(1500);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace too (default: one line); log which kernels run and why;"
                    + " live: also how its start went.")
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

    private static int failed(Throwable e, PrintWriter err, boolean verbose) {
        err.println("error: " + Failures.describe(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        return HostCommands.FAILED;
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
        // Guice 7.0.0 (the latest release) defines its generated classes through
        // sun.misc.Unsafe::staticFieldBase by default, which JDK 24+ reports with a 4-line warning
        // on every run (google/guice#1909). Its documented switch to child class loaders avoids
        // Unsafe; convstream uses no method interception, so nothing else changes. Set here, not
        // only in the launcher, so that `java -jar convstream.jar` is quiet too.
        if (System.getProperty("guice_custom_class_loading") == null) {
            System.setProperty("guice_custom_class_loading", "CHILD");
        }
        KernelLog kernelLog = new KernelLog(args);
        // Before anything else: the primer's calls reach C2's thresholds while picocli, Guice and the
        // files load, so the kernels are compiled by the time a model runs (docs/startup.md).
        if (StartPriming.wanted(args, System.getProperty(StartPriming.PROPERTY))) {
            KernelPrimer.startDaemon(Kernels.preferred(), PRIMING_BUDGET);
        }
        int code = execute(args);
        java.lang.ref.Reference.reachabilityFence(kernelLog);
        System.exit(code);
    }

    /** picocli's model of {@code top} with the subcommands {@code args} needs ({@link Subcommands}). */
    static CommandLine commandLine(ConvstreamCommand top, String... args) {
        CommandLine cli = new CommandLine(top);
        Subcommands.register(cli, args);
        Version.shareWith(cli);
        return cli;
    }

    /**
     * Runs the command and returns its exit code: 0 ok, 1 failure while running, 2 usage, 3 no
     * such device. Every failure is one line on stderr (see {@link Failures}); the stack trace
     * only with {@code --verbose}.
     */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)}, with {@code environment} instead of this process's. */
    static int execute(Map<String, String> environment, String... args) {
        ConvstreamCommand top = new ConvstreamCommand(environment);
        CommandLine cli = commandLine(top, args);
        cli.setParameterExceptionHandler((e, ignored) -> {
            // One line, not the whole usage: the usage is one --help away.
            CommandLine where = e.getCommandLine();
            where.getErr().println("error: " + e.getMessage() + " (see '" + where.getCommandSpec().qualifiedName()
                    + " --help')");
            if (top.verbose) {
                e.printStackTrace(where.getErr());
            }
            return HostCommands.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine.getErr(), top.verbose));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return failed(e, cli.getErr(), top.verbose);
        }
    }
}
