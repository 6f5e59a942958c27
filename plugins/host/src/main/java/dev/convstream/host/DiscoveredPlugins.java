package dev.convstream.host;

import java.util.List;

/**
 * What plugin discovery skipped, for commands to show ({@code convstream plugins} lists them).
 *
 * @param problems every plugin skipped, with its jar and the reason
 */
public record DiscoveredPlugins(List<PluginProblem> problems) {
    public DiscoveredPlugins {
        problems = List.copyOf(problems);
    }
}
