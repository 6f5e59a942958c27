package dev.convstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code convstream devices}: every audio backend's devices (Java Sound mixers, JACK ports). */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List audio devices of every backend (Java Sound, JACK), with their channel counts.")
final class DevicesCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @Override
    public Integer call() {
        return top.rig().devices();
    }
}
