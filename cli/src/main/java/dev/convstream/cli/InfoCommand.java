package dev.convstream.cli;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.ChannelModelConfig;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.LinearConfig;
import dev.convstream.model.LstmConfig;
import dev.convstream.model.WaveNetConfig;
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
                "A Neural Amp Modeler .nam model (WaveNet 0.5-0.7, LSTM, ConvNet, Linear, SlimmableContainer):",
                "architecture, parameters, multiply-adds per sample, receptive field (an LSTM: its state size),",
                "and its real-time factor measured on this machine. --tanh fast runs NAM core's fast tanh, as the",
                "NAM plugin plays it. A container lists its submodels and describes the one that plays: NAM",
                "core's default (the last), or the one --size picks.",
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

    @Option(names = "--size", paramLabel = "V",
            description = "NAM containers (A2): the submodel NAM picks for size V in [0, 1]: the first whose"
                    + " max_value is above V (default: NAM core's, the last).")
    Double size;

    @Option(names = "--hop", defaultValue = "512", description = "CNN only: samples per frame, for the real-time factor (default: ${DEFAULT-VALUE}).")
    int hop;

    @Option(names = "--rate", defaultValue = "48000", description = "CNN only: sample rate, for ms and real time (default: ${DEFAULT-VALUE}).")
    double rate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BlockOption.check(spec, block);
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
        if (size != null && !(size >= 0 && size <= 1)) {
            throw new ParameterException(spec.commandLine(), "--size must be in [0, 1], found " + size);
        }
        NamFile file = new NamLoader().withFastTanh(fast).load(model);
        int submodel = size == null ? file.defaultSubmodel() : file.submodelForSize(size);
        System.out.printf(Locale.ROOT, "%s%n", model.getFileName());
        System.out.printf(Locale.ROOT, "  architecture      %s (NAM file version %s)%n", file.architecture(), file.version());
        if (file.isContainer()) {
            for (int i = 0; i < file.submodels().size(); i++) {
                NamFile.Submodel s = file.submodels().get(i);
                System.out.printf(Locale.ROOT, "    submodel %d: sizes below %s, %s (version %s), %,d parameters%s%n", i,
                        s.maxValue(), s.model().architecture(), s.model().version(), ModelInfo.parameters(s.model()),
                        i == file.defaultSubmodel() ? " (NAM core's default)" : "");
            }
            System.out.printf(Locale.ROOT, "  submodel          %d plays%s%n", submodel, size == null
                    ? " (NAM core's default: the last; --size V picks another)" : " (picked by --size " + size + ")");
        } else if (size != null) {
            throw new ParameterException(spec.commandLine(), "--size applies to containers (SlimmableContainer) only; "
                    + model.getFileName() + " is a " + file.architecture());
        }
        NamFile m = ModelInfo.playing(file, submodel);
        System.out.printf(Locale.ROOT, "  channels          %s%n", ModelInfo.channels(m));
        if (m.wavenet() != null) {
            describe(m.wavenet(), m.weights(), "");
        } else {
            for (String layer : ModelInfo.layers(m)) {
                System.out.printf(Locale.ROOT, "    %s%n", layer);
            }
        }
        System.out.printf(Locale.ROOT, "  tanh              %s%n", ModelInfo.tanh(m, fast));
        System.out.printf(Locale.ROOT, "  sample rate       %.0f Hz%s%n", file.sampleRate(),
                file.sampleRateStated() ? "" : " (not in the file: NAM's default assumed)");
        System.out.printf(Locale.ROOT, "  parameters        %,d%n", ModelInfo.parameters(m));
        long macs = ModelInfo.macsPerSample(m);
        System.out.printf(Locale.ROOT, "  MACs per sample   %,d (%.2f GMAC per second of audio)%n", macs,
                macs * file.sampleRate() / 1e9);
        System.out.printf(Locale.ROOT, "  %s%n", ModelInfo.reach(m, file.sampleRate()));
        System.out.printf(Locale.ROOT, "  metadata          %s%n", describe(file));
        for (String note : file.notes()) {
            System.out.printf(Locale.ROOT, "  note              %s%n", note);
        }
        if (measure > 0) {
            ModelInfo.Speed s = ModelInfo.measure(file, submodel, Kernels.preferred(), block, warmup, measure);
            System.out.printf(Locale.ROOT, "  real-time factor  %.1fx on this machine (%s tanh, %s kernels, %d-sample blocks,"
                            + " one thread, %.1f s JIT warm-up, %.1f s timed%s)%n", s.realTimeFactor(), tanh,
                    Kernels.preferred().name(), s.blockSize(), s.warmupSeconds(), s.seconds(),
                    file.isContainer() ? ", submodel " + submodel : "");
        }
        return 0;
    }

    /** One line for a condition DSP that is not a WaveNet. */
    static String describeNested(ChannelModelConfig dsp) {
        if (dsp instanceof LstmConfig l) {
            return String.format(Locale.ROOT, "LSTM: %d layer(s) of %d units, %d input(s), %d output(s), state %d floats,"
                    + " prewarm %,d samples%s", l.numLayers(), l.hiddenSize(), l.inputSize(), l.outChannels(),
                    l.stateSize(), l.prewarmSamples(), l.fastTanh() ? ", fast tanh and sigmoid" : "");
        }
        if (dsp instanceof LinearConfig f) {
            return String.format(Locale.ROOT, "Linear: %d taps%s, %d in, %d out%s", f.receptiveField(),
                    f.bias() ? " + bias" : "", f.inChannels(), f.outChannels(), f.inChannels() == f.outChannels() ? ""
                    : f.perPath() ? ", one response per path" : ", one shared response on min(in, out) channels");
        }
        return dsp.toString() + ", receptive field " + dsp.prewarmSamples();
    }

    /** The layer arrays, post-stack head and condition DSP of a WaveNet, indented by {@code indent}. */
    private static void describe(WaveNetConfig w, float[] weights, String indent) {
        if (w.conditionDsp() != null) {
            ChannelModelConfig dsp = w.conditionDsp().model();
            System.out.printf(Locale.ROOT, "    %scondition DSP (%d outputs, %,d parameters):%n", indent,
                    dsp.outChannels(), dsp.weightCount());
            if (dsp instanceof WaveNetConfig nested) {
                describe(nested, w.conditionDsp().weights(), indent + "  ");
            } else {
                System.out.printf(Locale.ROOT, "    %s  %s%n", indent, describeNested(dsp));
            }
        }
        for (LayerArrayConfig a : w.layerArrays()) {
            System.out.printf(Locale.ROOT, "    %s%s%n", indent, a);
        }
        if (w.head() != null) {
            System.out.printf(Locale.ROOT, "    %spost-stack head: %s, %d channels, kernels %s, %d out%n", indent,
                    w.head().activation().describe(), w.head().channels(), w.head().kernelSizes(), w.head().outChannels());
        }
        System.out.printf(Locale.ROOT, "    %shead scale %s (the last weight)%n", indent, weights[weights.length - 1]);
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
