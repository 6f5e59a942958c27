package dev.convstream.cli;

import dev.convstream.examples.FilterDemo;
import dev.convstream.kernel.Kernels;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convstream demo}: filters a synthesised two-tone signal and says what happened. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Low-pass filter a synthesised signal with a 101-tap FIR run as a Conv1d, and report.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "2", description = "Length of the test signal (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be in (0, 600], found " + seconds);
        }
        FilterDemo.Result r = FilterDemo.run(Kernels.preferred(), seconds);
        System.out.printf(Locale.ROOT, "convstream demo: low-pass FIR (%d taps, cutoff %.0f Hz) as a Conv1d%n",
                FilterDemo.TAPS, FilterDemo.CUTOFF_HZ);
        System.out.printf(Locale.ROOT, "  kernels      %s%n", r.kernels());
        System.out.printf(Locale.ROOT, "  layer        %s%n", r.layer().layer());
        System.out.printf(Locale.ROOT, "  signal       %d samples at %d Hz (%.2f s), shape %s -> %s%n", r.samples(),
                r.sampleRate(), r.samples() / (double) r.sampleRate(),
                java.util.Arrays.toString(r.layer().inputShape()), java.util.Arrays.toString(r.layer().outputShape()));
        System.out.printf(Locale.ROOT, "  work         %,d multiply-adds in %.2f ms: %.1fx real time%n",
                r.layer().macs(), r.seconds() * 1e3, r.realTimeFactor());
        System.out.printf(Locale.ROOT, "  %4.0f Hz tone %6.1f dBFS -> %6.1f dBFS (passband)%n",
                FilterDemo.LOW_HZ, r.lowToneInDb(), r.lowToneOutDb());
        System.out.printf(Locale.ROOT, "  %4.0f Hz tone %6.1f dBFS -> %6.1f dBFS (stopband)%n",
                FilterDemo.HIGH_HZ, r.highToneInDb(), r.highToneOutDb());
        return 0;
    }
}
