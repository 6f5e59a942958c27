package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convstream devices}: the Java Sound capture and playback devices. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List audio capture and playback devices.")
final class DevicesCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @Option(names = "--rate", defaultValue = "" + HostCommands.DEFAULT_RATE, description = "Sample rate to check (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() {
        return top.host().devices(rate);
    }
}
