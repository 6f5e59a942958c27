package dev.convstream.examples;

import com.google.inject.Injector;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.FileProcessor;
import dev.convstream.host.HostInjector;
import dev.convstream.plugin.PluginChain;
import java.io.IOException;
import java.nio.file.Path;

/** Example: an audio file through a plugin chain into a WAV file, in ten lines. */
public final class ProcessFile {

    private ProcessFile() {
    }

    public static FileProcessor.Result process(Path in, Path out, String chain) throws IOException {
        Injector host = HostInjector.create();                                  // finds the plugins
        try (PluginChain plugins = host.getInstance(ChainBuilder.class).build(chain)) {
            return host.getInstance(FileProcessor.class).process(in, out, plugins, 512);
        }
    }

    /** {@code java ... dev.convstream.examples.ProcessFile in.wav out.wav "gain(db=-6)"} */
    public static void main(String[] args) throws IOException {
        System.out.println(process(Path.of(args[0]), Path.of(args[1]), args[2]));
    }
}
