package dev.convstream.cli;

import dev.convstream.host.HostCommands;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convstream process IN OUT --chain "..."}: an audio file through a plugin chain. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Run an audio file through a plugin chain and write a WAV file.",
                "WAV, AIFF and AU are read with Java Sound; other formats through ffmpeg when it is installed,",
                "at the file's own sample rate and channel count. Every channel goes through the chain; the output has",
                "the channels the chain gives for them (a mono file through a stereo impulse response comes out stereo)."})
final class ProcessCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    ConvstreamCommand top;

    @Parameters(index = "0", paramLabel = "IN", description = "Input audio file.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output WAV file.")
    Path out;

    @Option(names = "--chain", required = true, paramLabel = "CHAIN",
            description = "e.g. \"gain(db=-6) -> dcblock(cutoff=20)\", or the same as JSON.")
    String chain;

    @Option(names = "--block", defaultValue = "" + HostCommands.DEFAULT_BLOCK,
            description = "Block size in frames (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar with ETA on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BlockOption.check(spec, block);
        boolean show = progress != null ? progress : ProgressBar.stderrIsTerminal();
        if (!show) {
            return top.host().process(in, out, chain, block);
        }
        FileProgressBar bar = new FileProgressBar(System.err, System::nanoTime);
        try {
            return top.host().process(in, out, chain, block, bar);
        } finally {
            bar.finish();
        }
    }
}
