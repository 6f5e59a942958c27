package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import dev.convstream.host.HostInjector;

/** The plugin host's commands, wired with every plugin found on the class path. */
final class Host {
    private Host() {
    }

    static HostCommands commands() {
        return HostCommands.create(HostInjector.create(), System.out, System.err);
    }
}
