package dev.convstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code convstream plugins}: every plugin found, with its parameters and ranges. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List plugins, their parameters, ranges and resources.")
final class PluginsCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @Override
    public Integer call() {
        return top.host().plugins();
    }
}
