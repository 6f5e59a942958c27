package dev.convstream.cli;

import com.google.inject.Injector;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostCommands;
import dev.convstream.host.HostInjector;
import dev.convstream.host.PluginFolders;
import dev.convstream.live.AudioBackends;
import dev.convstream.live.LiveRig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The plugin host's commands, wired with every plugin on the class path plus every jar in the
 * plugin folders: {@code --plugins DIR} (repeatable) and the {@code CONVSTREAM_PLUGINS} path list.
 */
final class Host {
    private Host() {
    }

    /**
     * @throws CommandLine.ParameterException naming a plugin folder that does not exist (exit 2)
     */
    static HostCommands commands(CommandLine.Model.CommandSpec command, List<Path> pluginFolders,
                                 Map<String, String> environment) {
        return HostCommands.create(injector(command, pluginFolders, environment), System.out, System.err);
    }

    /** The live commands, on the standard audio backends, with the same plugins. */
    static LiveRig rig(CommandLine.Model.CommandSpec command, List<Path> pluginFolders,
                       Map<String, String> environment) {
        return new LiveRig(injector(command, pluginFolders, environment).getInstance(ChainBuilder.class),
                AudioBackends.standard(), System.out, System.err, ProgressBar.stderrIsTerminal());
    }

    private static Injector injector(CommandLine.Model.CommandSpec command, List<Path> pluginFolders,
                                     Map<String, String> environment) {
        List<Path> folders = new ArrayList<>(pluginFolders);
        folders.addAll(PluginFolders.parse(environment.get(PluginFolders.ENVIRONMENT_VARIABLE)));
        ClassLoader loader;
        try {
            loader = PluginFolders.loader(folders, Host.class.getClassLoader());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage()
                    + " (from --plugins or " + PluginFolders.ENVIRONMENT_VARIABLE + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HostInjector.create(loader);
    }
}
