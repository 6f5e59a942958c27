package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {

    private static Set<String> registered(String... args) {
        return ConvstreamCommand.commandLine(new ConvstreamCommand(Map.of()), args).getSubcommands().keySet();
    }

    @Test
    void aLineThatNamesASubcommandBuildsThatOneOnly() {
        assertEquals(Set.of("process"), registered("process", "a.wav", "b.wav", "--chain", "gain"));
        assertEquals(Set.of("live"), registered("--verbose", "--plugins", "info", "live", "--chain", "gain"));
        // capture's own subcommands come with it
        CommandLine cli = ConvstreamCommand.commandLine(new ConvstreamCommand(Map.of()), "capture", "signal");
        assertEquals(Set.of("signal", "check", "train"), cli.getSubcommands().get("capture").getSubcommands().keySet());
    }

    @Test
    void helpUnknownWordsAndNoWordBuildThemAll() {
        List<String> all = List.of("demo", "process", "live", "devices", "features", "info", "explain", "plugins",
                "capture", "help");
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "process"}, {"proces", "a.wav"}, {"--plugins", "x"}}) {
            assertEquals(all, List.copyOf(registered(args)), String.join(" ", args));
        }
    }

    /** The top command's inherited options reach a subcommand registered alone, as they did one declared in the annotation. */
    @Test
    void aSubcommandRegisteredAloneStillTakesTheTopCommandsOptions() {
        CommandLine cli = ConvstreamCommand.commandLine(new ConvstreamCommand(Map.of()), "info", "x.nam", "--verbose");
        CommandLine.ParseResult parsed = cli.parseArgs("info", "x.nam", "--verbose");
        assertTrue(parsed.subcommand().hasMatchedOption("--verbose"));
    }

    @Test
    void theTopUsageListsEverySubcommand() {
        String usage = ConvstreamCommand.commandLine(new ConvstreamCommand(Map.of()), "--help").getUsageMessage();
        for (String name : List.of("demo", "process", "live", "devices", "features", "info", "explain", "plugins",
                "capture", "help")) {
            assertTrue(usage.contains("  " + name + " "), name + " in\n" + usage);
        }
    }
}
