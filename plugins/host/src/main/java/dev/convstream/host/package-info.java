/**
 * The convstream plugin host: wires plugins found on the class path with Guice
 * ({@link dev.convstream.host.HostInjector}), parses chain descriptions
 * ({@link dev.convstream.host.ChainParser}, {@link dev.convstream.host.ChainJson}) and runs
 * chains on files ({@link dev.convstream.host.FileProcessor}), on live devices
 * ({@link dev.convstream.host.LiveRunner}) and inside TarsosDSP pipelines
 * ({@link dev.convstream.host.ChainAudioProcessor}). {@link dev.convstream.host.HostCommands}
 * is the command-line facing entry point.
 */
package dev.convstream.host;
