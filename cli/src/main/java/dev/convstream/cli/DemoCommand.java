package dev.convstream.cli;

import dev.convstream.cli.demo.AmpDemo;
import dev.convstream.model.nam.NamFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convstream demo}: a synthesised guitar through an amp model and a cabinet IR, with pictures. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Guitar -> neural amp model -> cabinet IR, with WAVs, a spectrogram and features.",
                "Synthesises a guitar (Karplus-Strong), runs it block by block through a plugin chain: a NAM",
                "WaveNet amp model (nam plugin) and a designed cabinet IR (convolver plugin), and writes",
                "input/output WAVs, the model and IR, a spectrogram PNG of both and log-mel features (.npy).",
                "Needs no microphone, network or files."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "4", description = "Length of the synthesised guitar (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--block", defaultValue = "64", description = "Block size in samples (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--drive", defaultValue = "" + AmpDemo.DEFAULT_DRIVE_DB, paramLabel = "DB",
            description = "Gain into the amp in dB; higher distorts more (default: ${DEFAULT-VALUE}).")
    double drive;

    @Option(names = "--out", defaultValue = "convstream-demo", paramLabel = "DIR",
            description = "Output directory (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(seconds > 0 && seconds <= 600)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be in (0, 600], found " + seconds);
        }
        BlockOption.check(spec, block);
        System.out.printf(Locale.ROOT, "convstream demo: guitar -> amp -> cabinet, %.1f s at %d Hz, blocks of %d%n",
                seconds, AmpDemo.SAMPLE_RATE, block);
        AmpDemo.Result r = AmpDemo.run(out, seconds, block, drive);
        NamFile m = r.model();
        System.out.printf(Locale.ROOT, "  input     Karplus-Strong plucked strings, 8 chords and notes, peak -6 dBFS%n");
        System.out.printf(Locale.ROOT, "  amp       %s %s (NAM %s), %,d weights, receptive field %d samples%n",
                AmpDemo.MODEL_RESOURCE, m.architecture(), m.version(), m.wavenet().weightCount(),
                m.wavenet().receptiveField());
        System.out.printf(Locale.ROOT, "            %s, drive %+.0f dB%n", describe(m), r.driveDb());
        System.out.printf(Locale.ROOT, "  cabinet   designed IR: %d taps, low-pass 5 kHz + 1.6 kHz presence%n",
                r.cabinetTaps());
        System.out.printf(Locale.ROOT, "  chain     %s%n", r.chain());
        System.out.printf(Locale.ROOT, "  speed     %.1fx real time through the plugin chain (%s kernels, one thread,"
                        + " %.3f s of compute for %.2f s of audio, median of 3 passes after 1 s of warm-up)%n", r.realTimeFactor(),
                r.kernels(), r.seconds(), r.samples() / (double) AmpDemo.SAMPLE_RATE);
        System.out.printf(Locale.ROOT, "  output    normalised by %+.1f dB to -1 dBFS peak%n", r.outputGainDb());
        System.out.println("files:");
        for (Path p : r.files().all()) {
            System.out.println("  " + p.toAbsolutePath().normalize());
        }
        return 0;
    }

    /** "Name (gear make model, tone)" from the file's metadata, as far as it has them. */
    private static String describe(dev.convstream.model.nam.NamFile m) {
        String name = m.metadata().name() == null ? "unnamed capture" : m.metadata().name();
        java.util.Map<String, Object> extra = m.metadata().other();
        String gear = java.util.stream.Stream.of("gear_make", "gear_model", "tone_type")
                .map(extra::get).filter(java.util.Objects::nonNull).map(Object::toString)
                .collect(java.util.stream.Collectors.joining(" "));
        return gear.isEmpty() ? name : name + " (" + gear + ")";
    }
}
