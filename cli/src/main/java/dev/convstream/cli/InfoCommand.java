package dev.convstream.cli;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convstream info MODEL}: what a {@code .nam} model is and how fast it runs here. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe a model: size, cost, receptive field, real-time factor here.",
                "A Neural Amp Modeler .nam model (WaveNet or Linear): architecture, parameters, multiply-adds",
                "per sample, receptive field, and its real-time factor measured on this machine.",
                "--tanh fast runs NAM core's fast tanh, as the NAM plugin plays it.",
                "Also a CNN feature extractor's architecture (.json, convstream.cnn/1): per frame instead of per sample,",
                "and an RTNeural model (.json, Keras export): layers, frame sizes, delay."})
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A .nam file, a CNN architecture .json or an RTNeural model .json.")
    Path model;

    @Option(names = "--block", defaultValue = "64", description = "Block size of the timed run (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "SECONDS",
            description = "Untimed run first, so the JIT compiles the kernels (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--measure", defaultValue = "2", paramLabel = "SECONDS",
            description = "Length of the timed run (default: ${DEFAULT-VALUE}; 0 skips the speed test).")
    double measure;

    @Option(names = "--tanh", defaultValue = "exact", paramLabel = "fast|exact",
            description = "NAM models: exact tanh, or NAM core's fast tanh as the NAM plugin plays it"
                    + " (default: ${DEFAULT-VALUE}).")
    String tanh;

    @Option(names = "--hop", defaultValue = "512", description = "CNN only: samples per frame, for the real-time factor (default: ${DEFAULT-VALUE}).")
    int hop;

    @Option(names = "--rate", defaultValue = "48000", description = "CNN only: sample rate, for ms and real time (default: ${DEFAULT-VALUE}).")
    double rate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (block < 1 || block > 65_536) {
            throw new ParameterException(spec.commandLine(), "--block must be in [1, 65536], found " + block);
        }
        if (!(warmup >= 0 && measure >= 0)) {
            throw new ParameterException(spec.commandLine(), "--warmup and --measure must be >= 0");
        }
        if (!java.nio.file.Files.isRegularFile(model)) {
            throw new java.io.FileNotFoundException("no such model file: " + model);
        }
        if (model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return RtNeuralInfo.isRtNeural(model) ? RtNeuralInfo.print(model, System.out) : describeCnn();
        }
        if (!tanh.equals("exact") && !tanh.equals("fast")) {
            throw new ParameterException(spec.commandLine(), "--tanh must be fast or exact, found '" + tanh + "'");
        }
        boolean fast = tanh.equals("fast");
        NamFile m = new NamLoader().withFastTanh(fast).load(model);
        int rf = ModelInfo.receptiveField(m);
        System.out.printf(Locale.ROOT, "%s%n", model.getFileName());
        System.out.printf(Locale.ROOT, "  architecture      %s (NAM file version %s)%n", m.architecture(), m.version());
        if (m.wavenet() != null) {
            for (LayerArrayConfig a : m.wavenet().layerArrays()) {
                System.out.printf(Locale.ROOT, "    %s%n", a);
            }
            System.out.printf(Locale.ROOT, "    head scale %s%n", m.wavenet().headScale());
        } else {
            System.out.printf(Locale.ROOT, "    FIR of %d taps%s%n", m.fir().receptiveField(), m.fir().bias() ? " + bias" : "");
        }
        System.out.printf(Locale.ROOT, "  tanh              %s%n", ModelInfo.tanh(m, fast));
        System.out.printf(Locale.ROOT, "  sample rate       %.0f Hz%n", m.sampleRate());
        System.out.printf(Locale.ROOT, "  parameters        %,d%n", ModelInfo.parameters(m));
        long macs = ModelInfo.macsPerSample(m);
        System.out.printf(Locale.ROOT, "  MACs per sample   %,d (%.2f GMAC per second of audio)%n", macs,
                macs * m.sampleRate() / 1e9);
        System.out.printf(Locale.ROOT, "  receptive field   %,d samples = %.1f ms%n", rf, 1000.0 * rf / m.sampleRate());
        System.out.printf(Locale.ROOT, "  metadata          %s%n", describe(m));
        if (measure > 0) {
            ModelInfo.Speed s = ModelInfo.measure(m, Kernels.preferred(), block, warmup, measure);
            System.out.printf(Locale.ROOT, "  real-time factor  %.1fx on this machine (%s tanh, %s kernels, %d-sample blocks,"
                            + " one thread, %.1f s JIT warm-up, %.1f s timed)%n", s.realTimeFactor(), tanh,
                    Kernels.preferred().name(), s.blockSize(), s.warmupSeconds(), s.seconds());
        }
        return 0;
    }

    private int describeCnn() throws IOException {
        if (hop < 1 || !(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--hop must be >= 1 and --rate > 0");
        }
        dev.convstream.features.cnn.CnnArchitecture arch = dev.convstream.features.cnn.CnnArchitecture.read(model);
        CnnInfo info = new CnnInfo(arch, Kernels.preferred());
        System.out.printf(Locale.ROOT, "%s%n", model.getFileName());
        System.out.printf(Locale.ROOT, "  architecture      CNN feature extractor (%s), input [N][%d][frames][%d mels]%n",
                dev.convstream.features.cnn.CnnArchitecture.FORMAT, arch.inputChannels(), arch.melBands());
        for (String layer : info.layers()) {
            System.out.printf(Locale.ROOT, "    %s%n", layer);
        }
        System.out.printf(Locale.ROOT, "  output            %s for %d frames%n", java.util.Arrays.toString(info.outputShape()),
                CnnInfo.FRAMES);
        System.out.printf(Locale.ROOT, "  parameters        %,d%n", info.parameters());
        System.out.printf(Locale.ROOT, "  MACs per frame    %,d%n", info.macsPerFrame());
        info.receptiveField().ifPresentOrElse(rf -> System.out.printf(Locale.ROOT,
                        "  receptive field   %d frames x %d mel bands; %d frames = %.1f ms at hop %d, %.0f Hz%n",
                        rf.size()[0], rf.size()[1], rf.size()[0], 1000.0 * ((rf.size()[0] - 1) * hop) / rate, hop, rate),
                () -> System.out.println("  receptive field   not defined for this stack"));
        System.out.printf(Locale.ROOT, "  streaming delay   %d frames%n", info.streamingDelayFrames());
        if (measure > 0) {
            double fps = info.framesPerSecond(warmup, measure);
            System.out.printf(Locale.ROOT, "  real-time factor  %.1fx on this machine (%s kernels, streaming one frame at a time,"
                            + " hop %d at %.0f Hz, %.1f s JIT warm-up, %.1f s timed)%n", fps * hop / rate,
                    Kernels.preferred().name(), hop, rate, warmup, measure);
        }
        return 0;
    }

    private static String describe(NamFile m) {
        var md = m.metadata();
        StringBuilder b = new StringBuilder();
        if (md.name() != null) {
            b.append("name=").append(md.name()).append(' ');
        }
        if (md.loudness() != null) {
            b.append("loudness=").append(md.loudness()).append(" dB ");
        }
        if (md.gain() != null) {
            b.append("gain=").append(md.gain()).append(' ');
        }
        for (Map.Entry<String, Object> e : md.other().entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append(' ');
        }
        return b.length() == 0 ? "(none)" : b.toString().trim();
    }
}
