package dev.convstream.cli;

import dev.convstream.capture.AlignedCapture;
import dev.convstream.capture.CaptureAlignment;
import dev.convstream.capture.CaptureReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convstream capture check}: the checks a training would run first, and the latency, without training. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a recording of the capture signal before training on it.",
                "Rates, lengths, clipping, silence, the latency (found from the blips), drift",
                "and the signal's version. Exit 0 when every check passes, 1 with the reason",
                "when one fails."})
final class CaptureCheckCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "WAV", description = "The capture signal that was played.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "WAV", description = "The recording of the gear's output.")
    Path recorded;

    @Option(names = "--latency", paramLabel = "SAMPLES",
            description = "The recording's latency, instead of finding it from the blips (skips the blip checks).")
    Integer latency;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(input) && Files.exists(recorded) && Files.isSameFile(input, recorded)) {
            throw new ParameterException(spec.commandLine(), "--output must be the recording of the gear, not the capture"
                    + " signal itself (" + recorded + ")");
        }
        CaptureReport r = CaptureAlignment.check(input, recorded,
                latency == null ? OptionalInt.empty() : OptionalInt.of(latency));
        AlignedCapture a = r.aligned();
        double rate = a.sampleRate();
        System.out.printf(Locale.ROOT, "capture signal  %s: version %s, %,d samples (%.2f s) at %d Hz%n", input,
                a.signalVersion(), r.inputFrames(), r.inputFrames() / rate, a.sampleRate());
        System.out.printf(Locale.ROOT, "recording       %s: %,d samples (%.2f s), peak %.1f dBFS%n", recorded,
                r.recordedFrames(), r.recordedFrames() / rate, r.recordedPeakDb());
        if (r.latencyOverridden()) {
            System.out.printf(Locale.ROOT, "latency         %d samples (%.2f ms), as given; the blips were not used%n",
                    a.latencySamples(), a.latencySamples() / rate * 1000);
        } else {
            System.out.printf(Locale.ROOT, "latency         %.2f samples (%.2f ms) at the start blip, %.2f at the end"
                            + " (drift %.2f ppm); blip correlation %.2f and %.2f%n", r.startLatency(),
                    r.startLatency() / rate * 1000, r.endLatency(), r.driftPpm(), r.startCorrelation(), r.endCorrelation());
            System.out.printf(Locale.ROOT, "compensation    %d samples (%d left in for safety)%n", a.latencySamples(),
                    CaptureAlignment.SAFETY_SAMPLES);
        }
        System.out.printf(Locale.ROOT, "data            training %.2f s, validation %.2f s%n",
                a.trainInput().length / rate, a.validationInput().length / rate);
        System.out.println("checks          passed: version, rates, lengths, not silent, not clipped"
                + (r.latencyOverridden() ? "" : ", latency found, no drift"));
        return 0;
    }
}
