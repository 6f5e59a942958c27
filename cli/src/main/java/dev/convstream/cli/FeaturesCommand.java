package dev.convstream.cli;

import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.Checksums;
import dev.convstream.batch.DistributedExecutor;
import dev.convstream.batch.FeaturePipeline;
import dev.convstream.batch.FeatureRecipe;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.InputFile;
import dev.convstream.cli.LiveFeatures;
import dev.convstream.batch.Manifest;
import dev.convstream.batch.OutputFormat;
import dev.convstream.cli.ProgressReporter;
import dev.convstream.check.Failures;
import dev.convstream.check.Limits;
import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.FeatureKind;
import dev.convstream.features.FeatureLayout;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.StreamingFeatureExtractor;
import dev.convstream.features.dsp.DbReference;
import dev.convstream.features.dsp.MelScale;
import dev.convstream.features.dsp.StftConfig;
import dev.convstream.features.dsp.WindowType;
import dev.convstream.live.javasound.JavaSoundDevices;
import dev.convstream.kernel.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convstream features}: log-mel spectrograms and CNN features, over many files or live. */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Log-mel spectrograms, mel, MFCC or linear STFT (and optionally 2D CNN",
            "features) of audio files, one output per input, or live from a microphone.",
            "Defaults and names follow librosa >= 0.10 (see README, Features, for the",
            "librosa and torchaudio equivalent of every option).",
            "",
            "Inputs: files (any format), folders (walked recursively for audio files)",
            "and globs ('data/**/*.wav': quote them so the shell leaves them alone).",
            "WAV/AIFF/AU are read with Java Sound; other formats need ffmpeg on PATH.",
            "Channels are averaged to mono; audio is resampled to --rate (TarsosDSP's",
            "band-limited resampler).",
            "",
            "Outputs in --out: <input path relative to its folder or glob base>.npy",
            "(or .csv), float32, row-major:",
            "  --feature log-mel:        [frames][n_mels] (dB; default)",
            "  --feature mel | mfcc:     [frames][n_mels] | [frames][n_mfcc]",
            "  --feature stft|log-stft:  [frames][n_fft/2+1] linear frequency",
            "  --layout features-first:  the same transposed, [features][frames]",
            "                            (librosa's and torchaudio's layout)",
            "  --arch/--weights:         [frames'][C] one CNN vector per output time",
            "                            frame (stack without its global pool,",
            "                            averaged over mel bands)",
            "  --model MODEL.json:       [frames][out] an RTNeural model's output per",
            "                            feature frame",
            "  --cnn-output embedding:   [C] clip embedding (arch ends with",
            "                            global_avg_pool)",
            "frames = 1 + samples/hop with --center (default), else",
            "1 + (samples - n_fft)/hop. CSV: one line per row, comma-separated, no",
            "header. --png: <output>.png (and <output>.maps.png with --png-maps).",
            "manifest.jsonl in --out: one JSON line per input: input, output, status,",
            "shape, frames, seconds, source_sample_rate_hz, source_channels,",
            "sample_rate_hz (of the features), frame_rate_hz (rows per second),",
            "sha256 (of the output), settings (a JSON object); failed inputs with",
            "their error, once per input and settings; warnings (a WAV cut off",
            "mid-data, read as the shorter file it is) as \"warnings\": [...].",
            "",
            "Resumable: an input is skipped when the manifest has it as ok with the",
            "same settings and its output still has the recorded sha256; anything else",
            "is (re)computed. Outputs are written to a temporary name and renamed, so",
            "none is ever half-written. A bad file is reported and skipped.",
            "",
            "Live (--live): capture device (--in) -> streaming front end (and CNN) ->",
            "one vector per STFT frame, printed as CSV lines (frame index, values) on",
            "stdout, or written to --live-out as [frames][n_mels or C]. Live framing",
            "is forced to --no-center and --top-db none (--ref max is refused); row i then equals row",
            "i - delay of the offline output of the same audio with those settings",
            "(delay, printed on stderr: 0 for log-mel, the CNN's look-ahead frames).",
            "",
            "A folder or glob with no audio file is a warning; when no input holds",
            "any, nothing is written and the exit code is 1.",
            "",
            "Exit codes: 0 every file done or skipped; 1 some files failed (the others",
            "are still done), or no audio file at all; 2 usage error; 3 no such",
            "capture device.",
            ""})
final class FeaturesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "0..*", description = "Audio files, folders or globs.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--out"}, defaultValue = "features", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", defaultValue = "npy", paramLabel = "npy|csv|parquet",
            description = "Output format (default: ${DEFAULT-VALUE}); parquet (with --runner): the .npy files and"
                    + " sharded Parquet, one row per clip, in <out>/parquet.")
    String format;

    // A distributed run (module features-beam).
    @Option(names = "--runner", paramLabel = "direct|flink",
            description = "Run as an Apache Beam pipeline on this runner instead of the local executor (needs"
                    + " convstream-beam.jar); other --name=value options are Beam pipeline options.")
    String runner;

    @Option(names = "--flink-master", paramLabel = "HOST:PORT",
            description = "With --runner flink: the JobManager (default: the cluster 'flink run' submits to, else"
                    + " a local one).")
    String flinkMaster;

    @Option(names = "--input-list", paramLabel = "FILE",
            description = "With --runner: a text file naming one input file or URI per line (named by file name).")
    Path inputList;

    @CommandLine.Unmatched
    List<String> engineArguments = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "Files processed in parallel (default: available processors, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", description = "Draw the progress bar even when stderr is not a terminal"
            + " (otherwise: a bar on a terminal, one plain line per file elsewhere).")
    boolean progress;

    // Front end.
    @Option(names = "--rate", defaultValue = "16000", paramLabel = "HZ",
            description = "Front-end sample rate; inputs are resampled to it (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--n-fft", defaultValue = "512", description = "FFT size (default: ${DEFAULT-VALUE}).")
    int nFft;

    @Option(names = "--win-length", defaultValue = "0", description = "Window length <= n_fft (default: n_fft).")
    int winLength;

    @Option(names = "--hop", defaultValue = "160", description = "Hop in samples (default: ${DEFAULT-VALUE}, 10 ms at 16 kHz).")
    int hop;

    @Option(names = "--window", defaultValue = "hann", paramLabel = "NAME",
            description = "Window, periodic, as scipy.signal.get_window names it: hann, hamming, blackman,"
                    + " blackmanharris, nuttall, flattop, bartlett, triang, cosine, boxcar (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--center", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Centre frames on t*hop by padding n_fft/2 at both ends (librosa's default; --no-center: frame t starts at t*hop).")
    boolean center;

    @Option(names = "--pad-mode", defaultValue = "constant", paramLabel = "constant|reflect|edge|symmetric|wrap",
            description = "How --center pads, numpy.pad's modes (default: ${DEFAULT-VALUE}, zeros, librosa >= 0.10's"
                    + " default; torch.stft and librosa < 0.10 use reflect).")
    String padMode;

    @Option(names = "--power", defaultValue = "2", paramLabel = "1|2",
            description = "2: power spectrogram, dB = 10 log10 (power_to_db); 1: magnitude, dB = 20 log10"
                    + " (amplitude_to_db) (default: ${DEFAULT-VALUE}).")
    int power;

    @Option(names = "--feature", defaultValue = "log-mel", paramLabel = "log-mel|mel|mfcc|stft|log-stft",
            description = "What to output: log-mel (dB), mel (no log), mfcc, stft (|X|^power, linear"
                    + " frequency), log-stft (dB) (default: ${DEFAULT-VALUE}).")
    String feature;

    @Option(names = "--n-mfcc", defaultValue = "20", paramLabel = "N",
            description = "MFCC coefficients kept, DCT-II ortho of the log-mel (default: ${DEFAULT-VALUE}).")
    int nMfcc;

    @Option(names = "--lifter", defaultValue = "0", paramLabel = "L",
            description = "MFCC liftering, librosa's lifter: coefficient k times 1 + (L/2) sin(pi (k+1) / L)"
                    + " (default: ${DEFAULT-VALUE}, none).")
    double lifter;

    @Option(names = "--layout", defaultValue = "frames-first", paramLabel = "frames-first|features-first",
            description = "frames-first: [frames][features]; features-first: [features][frames], librosa's and"
                    + " torchaudio's (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--n-mels", defaultValue = "64", description = "Mel bands (default: ${DEFAULT-VALUE}).")
    int nMels;

    @Option(names = "--fmin", defaultValue = "0", paramLabel = "HZ", description = "Lowest filter edge (default: ${DEFAULT-VALUE}).")
    double fmin;

    @Option(names = "--fmax", defaultValue = "0", paramLabel = "HZ", description = "Highest filter edge (default 0: rate / 2).")
    double fmax;

    @Option(names = "--mel-scale", paramLabel = "htk|slaney",
            description = "Mel scale, torchaudio's mel_scale (default: slaney, librosa's; --htk is the same as htk).")
    String melScale;

    @Option(names = "--htk", description = "HTK mel scale (librosa's htk=True; torchaudio's default mel_scale='htk');"
            + " default: Slaney, librosa's.")
    boolean htk;

    @Option(names = "--mel-norm", defaultValue = "slaney", paramLabel = "slaney|none",
            description = "Filter normalisation, librosa's norm: 'slaney' (unit area; librosa's default) or none"
                    + " (norm=None, torchaudio's default) (default: ${DEFAULT-VALUE}).")
    String melNorm;

    @Option(names = "--ref", defaultValue = "1.0", paramLabel = "max|VALUE",
            description = "The value that maps to 0 dB: a number, or max for the clip's maximum (librosa's"
                    + " ref=np.max) (default: ${DEFAULT-VALUE}).")
    String ref;

    @Option(names = "--amin", paramLabel = "AMIN",
            description = "Floor before the log, in the spectrogram's units (default: 1e-10 for --power 2,"
                    + " 1e-5 for --power 1, as librosa's power_to_db and amplitude_to_db).")
    Double amin;

    @Option(names = "--top-db", defaultValue = "80", paramLabel = "DB|none",
            description = "Clip below the clip's maximum minus this, or 'none' (default: ${DEFAULT-VALUE}).")
    String topDb;

    @Option(names = "--band-norm", description = "Per mel band: subtract the clip mean, divide by the clip std.")
    boolean bandNorm;

    // CNN.
    @Option(names = "--arch", paramLabel = "ARCH.json", description = "CNN architecture (convstream.cnn/1 JSON); needs --weights.")
    Path arch;

    @Option(names = "--weights", paramLabel = "WEIGHTS", description = "CNN weights (.safetensors), PyTorch state_dict names and layout.")
    Path weights;

    @Option(names = "--model", paramLabel = "MODEL.json",
            description = "A frame-wise RTNeural model (Keras-export JSON) stepped over the feature frames, causally"
                    + " from zero history: its input frame must be one feature frame (n_mels, n_mfcc or bins values).")
    Path model;

    @Option(names = "--cnn-output", defaultValue = "frames", paramLabel = "frames|embedding",
            description = "What to write with a CNN (default: ${DEFAULT-VALUE}).")
    String cnnOutput;

    // Pictures.
    @Option(names = "--png", description = "Also write <output>.png: the spectrogram (viridis, seconds, Hz on the mel axis, dB colour bar).")
    boolean png;

    @Option(names = "--png-maps", defaultValue = "0", paramLabel = "N",
            description = "With a CNN: also <output>.maps.png with the first N feature maps (implies --png; default: none).")
    int pngMaps;

    // Live.
    @Option(names = "--live", description = "Extract live from a capture device instead of files.")
    boolean live;

    @Option(names = "--in", paramLabel = "DEVICE", description = "Live: capture device (see 'convstream devices'); default input if omitted.")
    String inDevice;

    @Option(names = "--seconds", defaultValue = "0", description = "Live: stop after this many seconds (0: until Ctrl-C).")
    double seconds;

    @Option(names = "--block", defaultValue = "512", description = "Live: frames read per block (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--live-out", paramLabel = "FILE.npy", description = "Live: write the frames here at the end instead of printing them.")
    Path liveOut;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PrintStream stdout = System.out;
        FeaturePipeline pipeline;
        FeatureRecipe recipe;
        LogMelConfig config;
        try {
            config = frontEnd();
            featureSpec(config);
            if (live) {
                return live(config, stdout);
            }
            recipe = recipe(config);
            if (png || pngMaps > 0) {
                recipe = recipe.withPng(pngMaps);
            }
            pipeline = recipe.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (runner != null) {
            return distributed(recipe, pipeline, stdout);
        }
        if (!engineArguments.isEmpty()) {
            // Without --runner they are not Beam options: picocli's own error, as before --runner existed.
            throw new CommandLine.UnmatchedArgumentException(spec.commandLine(), engineArguments);
        }
        if (flinkMaster != null || inputList != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--flink-master and --input-list need --runner");
        }
        if (inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no INPUT given (files, folders or globs), and no --live");
        }
        OutputFormat fmt = enumValue(OutputFormat.class, format, "--format");
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, found " + threads);
        }
        List<InputFile> files;
        try {
            files = InputCollector.collect(inputs, warning -> System.err.println("features: warning: " + warning));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (files.isEmpty()) {
            // Nothing to do is a failure: a script pointed at the wrong (or an unmounted) folder
            // must not pass as a successful run. Nothing is written, not even the manifest.
            System.err.println("error: no audio file in " + String.join(", ", inputs) + ": nothing extracted");
            return 1;
        }
        BatchExtractor batch = new BatchExtractor(pipeline, AudioLoader.fromEnvironment(), fmt, out, threads,
                recipe.pictures());
        ProgressReporter progressBar = new ProgressReporter(System.err, progress || ProgressBar.stderrIsTerminal());
        BatchExtractor.Summary summary = batch.run(files, progressBar);
        long failed = summary.count(BatchExtractor.Status.FAILED);
        stdout.println("features: " + summary.count(BatchExtractor.Status.DONE) + " done, "
                + summary.count(BatchExtractor.Status.SKIPPED) + " skipped (already complete), " + failed + " failed; "
                + pipeline.shapeDescription() + " ." + fmt.extension() + " files in " + out + ", manifest "
                + out.resolve(Manifest.FILE_NAME));
        for (String warning : summary.warnings()) {
            // Read, but not as the file claims: the manifest line has it too ("warnings").
            System.err.println("features: warning: " + warning);
        }
        if (failed > 0) {
            System.err.println("features: " + failed + " of " + files.size() + " file(s) failed:");
            for (BatchExtractor.Outcome o : summary.failures()) {
                System.err.println("  " + o.failureLine());
            }
            return 1;
        }
        return 0;
    }

    private LogMelConfig frontEnd() {
        double clip = "none".equalsIgnoreCase(topDb) ? Double.NaN : parseDouble(topDb, "--top-db");
        boolean centre = center;
        if (live) {
            // A stream has no end to pad and no clip maximum: the only framing that streams.
            centre = false;
            clip = Double.NaN;
            if ("max".equalsIgnoreCase(ref)) {
                throw new IllegalArgumentException("--ref max needs the clip's maximum and cannot run --live: give a value");
            }
            if (bandNorm) {
                throw new IllegalArgumentException("--band-norm needs whole-clip statistics and cannot run --live");
            }
        }
        return LogMelConfig.builder(rate).nFft(nFft).winLength(winLength > 0 ? winLength : nFft).hop(hop)
                .window(named("--window", () -> WindowType.parse(window)))
                .center(centre)
                .padMode(named("--pad-mode", () -> StftConfig.PadMode.parse(padMode)))
                .power(power).nMels(nMels).fmin(fmin).fmax(fmax)
                .melScale(melScale())
                .slaneyNorm("SLANEY".equals(choice(melNorm, "--mel-norm", "slaney", "none")))
                .amin(amin == null ? Double.NaN : amin).ref(named("--ref", () -> DbReference.parse(ref)))
                .topDb(clip).bandNormalization(bandNorm).build();
    }

    private MelScale melScale() {
        MelScale named = melScale == null ? MelScale.SLANEY : named("--mel-scale", () -> MelScale.parse(melScale));
        if (htk && named != MelScale.HTK && melScale != null) {
            throw new IllegalArgumentException("--htk and --mel-scale " + melScale + " contradict each other");
        }
        return htk ? MelScale.HTK : named;
    }

    private FeatureSpec featureSpec(LogMelConfig config) {
        FeatureKind kind = named("--feature", () -> FeatureKind.parse(feature));
        if (live && model != null) {
            throw new IllegalArgumentException("--model runs on files, not --live");
        }
        if (live && kind != FeatureKind.LOG_MEL) {
            throw new IllegalArgumentException("--live extracts log-mel frames only, not --feature " + feature);
        }
        if ((png || pngMaps > 0) && kind != FeatureKind.LOG_MEL) {
            throw new IllegalArgumentException("--png draws log-mel spectrograms: it needs --feature log-mel");
        }
        return new FeatureSpec(kind, config, nMfcc, lifter, named("--layout", () -> FeatureLayout.parse(layout)));
    }

    /** The parsed value, or an error that names the option (the parser's message says what it accepts). */
    private static <T> T named(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** {@code --runner}: the job on the {@link DistributedExecutor} that names that runner. */
    private int distributed(FeatureRecipe recipe, FeaturePipeline pipeline, PrintStream stdout) throws IOException {
        boolean parquet = "parquet".equalsIgnoreCase(format);
        OutputFormat fmt = parquet ? OutputFormat.NPY : enumValue(OutputFormat.class, format, "--format");
        if (flinkMaster != null && !"flink".equals(runner)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--flink-master needs --runner flink");
        }
        if (inputs.isEmpty() && inputList == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no INPUT given (files, folders, globs, URIs) and no --input-list");
        }
        DistributedExecutor executor = null;
        for (DistributedExecutor e : ServiceLoader.load(DistributedExecutor.class)) {
            if (e.runners().contains(runner)) {
                executor = e;
            }
        }
        if (executor == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runner " + runner + " is not available here:"
                    + " direct and flink come with convstream-beam.jar (module features-beam; see docs/features-beam.md)");
        }
        ProgressReporter bar = new ProgressReporter(System.err, progress || ProgressBar.stderrIsTerminal());
        boolean local = "direct".equals(runner);
        if (local) {
            // The direct runner runs here: the local executor's bar, over the inputs it would list
            // itself; unknown total (no percentage) for an input list or URIs it cannot list.
            int total = -1;
            if (inputList == null) {
                try {
                    total = InputCollector.collect(inputs).size();
                } catch (IllegalArgumentException notLocal) {
                    total = -1;
                }
            }
            bar.started(total);
        }
        DistributedExecutor.Summary s;
        try {
            s = executor.run(new DistributedExecutor.Request(recipe, fmt, parquet, out.toAbsolutePath(), inputs,
                    inputList, runner, flinkMaster, engineArguments), local ? bar::counts : (d, k, f) -> { });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        bar.finish();
        stdout.printf(Locale.ROOT, "features (%s runner): %d done, %d skipped (already complete), %d failed, %.1f s of"
                        + " audio; %s .%s files in %s, manifest %s, dead letters %s%n", runner, s.done(), s.skipped(),
                s.failed(), s.seconds(), pipeline.shapeDescription(), fmt.extension(), out,
                out.resolve(Manifest.FILE_NAME), s.deadLetters());
        return s.failed() > 0 ? 1 : 0;
    }

    /** What every executor builds its pipeline from (checks the options that go together). */
    private FeatureRecipe recipe(LogMelConfig config) {
        FeatureSpec featureSpec = featureSpec(config);
        if ((arch == null) != (weights == null)) {
            throw new IllegalArgumentException("--arch and --weights go together");
        }
        if (model != null) {
            if (arch != null || png || pngMaps > 0) {
                throw new IllegalArgumentException("--model runs alone: not with --arch/--weights or --png");
            }
            return FeatureRecipe.of(featureSpec, null, null, model, FeaturePipeline.CnnOutput.FRAMES);
        }
        if (arch == null) {
            if (pngMaps > 0) {
                throw new IllegalArgumentException("--png-maps needs a CNN (--arch and --weights)");
            }
            return FeatureRecipe.of(featureSpec);
        }
        return FeatureRecipe.of(featureSpec, arch, weights, null, FeaturePipeline.CnnOutput.valueOf(
                choice(cnnOutput, "--cnn-output", "frames", "embedding")));
    }

    /** A CNN whose files will not load is a run-time failure (exit 1), not a usage error. */
    private FeatureExtractor loadCnn() throws IOException {
        try {
            return FeatureExtractor.load(arch, weights, Kernels.preferred());
        } catch (IllegalArgumentException e) {
            throw new IOException(Failures.describe(e), e);
        }
    }

    private int live(LogMelConfig config, PrintStream stdout) throws Exception {
        Limits.block("--block", block);
        if ((arch == null) != (weights == null)) {
            throw new IllegalArgumentException("--arch and --weights go together");
        }
        StreamingFeatureExtractor extractor = new StreamingFeatureExtractor(config,
                arch == null ? null : loadCnn().streaming());
        LiveFeatures liveFeatures = new LiveFeatures(extractor, block);
        AudioInputStream mic;
        try {
            mic = liveFeatures.openMicrophone(new JavaSoundDevices(), inDevice);
        } catch (JavaSoundDevices.DeviceException e) {
            System.err.println("convstream: " + e.getMessage());
            return 3;
        }
        System.err.printf(Locale.ROOT, "features: live at %d Hz, %d values per frame every %.1f ms, delay %d frame(s),"
                        + " latency %.1f ms + device buffering; %s%n", config.sampleRate(), extractor.featureSize(),
                1000.0 * config.stft().hop() / config.sampleRate(), extractor.delayFrames(),
                1000.0 * extractor.latencySamples() / config.sampleRate(),
                seconds > 0 ? "for " + seconds + " s" : "Ctrl-C stops");
        AtomicBoolean stop = new AtomicBoolean();
        Thread hook = new Thread(() -> stop.set(true), "convstream-features-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        FrameCollector collected = new FrameCollector();
        LiveFeatures.FrameSink sink = liveOut != null ? collected : (first, frames, count, size) -> {
            StringBuilder line = new StringBuilder();
            for (int f = 0; f < count; f++) {
                line.setLength(0);
                line.append(first + f);
                for (int i = 0; i < size; i++) {
                    line.append(',').append(frames[f * size + i]);
                }
                stdout.println(line);
            }
        };
        long maxFrames = seconds > 0 ? Math.round(seconds * config.sampleRate()) : 0;
        long frames;
        try (AudioInputStream in = mic) {
            frames = liveFeatures.run(in, maxFrames, stop::get, sink);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is exiting, the hook has run.
            }
        }
        if (liveOut != null) {
            collected.writeNpy(liveOut, extractor.featureSize());
            System.err.println("features: wrote " + frames + " frames to " + liveOut);
        }
        return 0;
    }

    private String choice(String value, String option, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a.toUpperCase(Locale.ROOT);
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", found '" + value + "'");
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + ": unknown value '" + value + "'");
    }

    private double parseDouble(String s, String option) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number or 'none', found '" + s + "'");
        }
    }
}
