package dev.convstream.cli;

import dev.convstream.capture.CaptureLayout;
import dev.convstream.capture.CaptureSignal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convstream capture signal}: writes the capture signal to play through the gear. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {"Write the capture signal to play through your gear.",
                "A 24-bit mono WAV at 48 kHz, 2 min 20 s: blips, silence, sweeps, noise and",
                "plucked strings at several levels, and a validation part the training never",
                "sees. The same samples on every run; its version is in the file's metadata."})
final class CaptureSignalCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "WAV", description = "Where to write it.")
    Path output;

    @Override
    public Integer call() throws IOException {
        CaptureLayout layout = CaptureLayout.CURRENT;
        CaptureSignal.write(output, layout);
        double rate = layout.sampleRate();
        System.out.printf(Locale.ROOT, "wrote %s: capture signal %s, %.2f s at %d Hz, 24-bit mono%n", output,
                layout.version(), layout.seconds(), layout.sampleRate());
        System.out.printf(Locale.ROOT, "  training %.2f s to %.2f s, validation %.2f s to %.2f s%n",
                layout.trainStart() / rate, layout.trainEnd() / rate, layout.validationStart() / rate,
                layout.validationEnd() / rate);
        System.out.println("next: play it through your gear, record the gear's output (mono, 48 kHz, the whole file),");
        System.out.println("      then: convstream capture check --input " + output + " --output recorded.wav");
        return 0;
    }
}
