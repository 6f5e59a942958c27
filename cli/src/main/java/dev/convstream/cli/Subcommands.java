package dev.convstream.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The subcommands of {@code convstream}, registered with picocli per command line: only the one
 * named when the line names one, all of them otherwise (help, usage errors with their
 * suggestions). picocli builds a command's model from its annotations by reflection when the
 * command is registered, and for all ten subcommands (and capture's three) that took ~0.1 s of
 * every start (docs/startup.md, "The start itself").
 */
final class Subcommands {

    /** In the order of the top command's usage help. */
    static final List<Class<?>> ALL = List.of(DemoCommand.class, ProcessCommand.class, LiveCommand.class,
            DevicesCommand.class, FeaturesCommand.class, InfoCommand.class, ExplainCommand.class, PluginsCommand.class,
            CaptureCommand.class, CommandLine.HelpCommand.class);

    private Subcommands() {
    }

    /** Adds to {@code top} the subcommand that {@code args} names, or all when it names none of them. */
    static void register(CommandLine top, String[] args) {
        int at = SubcommandWord.indexIn(args);
        String word = at < 0 ? null : args[at];
        Class<?> named = null;
        for (Class<?> c : ALL) {
            if (c != CommandLine.HelpCommand.class && nameOf(c).equals(word)) {
                named = c;
            }
        }
        for (Class<?> c : ALL) {
            if (named == null || c == named) {
                top.addSubcommand(c);
            }
        }
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }
}
