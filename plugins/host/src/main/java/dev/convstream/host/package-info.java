/**
 * The convstream plugin host: finds plugins ({@link dev.convstream.plugin.PluginProvider}s on
 * the class path and in plugin folders: {@link dev.convstream.host.PluginDiscovery},
 * {@link dev.convstream.host.PluginFolders}), wires them with Guice
 * ({@link dev.convstream.host.HostInjector}), parses chain descriptions
 * ({@link dev.convstream.host.ChainParser}, {@link dev.convstream.host.ChainJson}) and runs
 * chains on files ({@link dev.convstream.host.FileProcessor}) and inside TarsosDSP pipelines
 * ({@link dev.convstream.host.ChainAudioProcessor}). {@link dev.convstream.host.HostCommands}
 * is the command-line facing entry point. Live devices are the {@code live} module's.
 */
package dev.convstream.host;
