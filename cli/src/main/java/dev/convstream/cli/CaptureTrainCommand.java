package dev.convstream.cli;

import dev.convstream.capture.AlignedCapture;
import dev.convstream.capture.CaptureAlignment;
import dev.convstream.capture.CaptureTraining;
import dev.convstream.capture.GearMetadata;
import dev.convstream.check.Require;
import dev.convstream.io.OutputPaths;
import dev.convstream.train.A1Architecture;
import dev.convstream.train.LossKind;
import dev.convstream.train.TrainingConfig;
import dev.convstream.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code convstream capture train}: checks and aligns a recording of the capture signal, trains
 * a NAM A1 WaveNet on it, writes the {@code .nam} and a report picture beside it. Ctrl-C stops
 * after the current step and writes the best epoch so far; a killed run goes on from its
 * checkpoint when started again with the same options.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a NAM model (A1 WaveNet) from a recording of the capture signal.",
                "Writes MODEL.nam, MODEL.png (validation overlay and ESR per epoch) and MODEL.ckpt (the"
                        + " checkpoint: run the same command again to go on after a kill, or with more --epochs)."})
final class CaptureTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "WAV",
            description = "The capture signal played into the gear ('convstream capture signal').")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "WAV", description = "The gear's recording of it.")
    Path recorded;

    @Option(names = {"-o", "--model"}, required = true, paramLabel = "MODEL.nam", description = "The model to write.")
    Path model;

    @Option(names = "--arch", defaultValue = "standard", paramLabel = "standard|lite|feather|nano",
            description = "NAM's A1 size (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--latency", paramLabel = "SAMPLES",
            description = "The recording's latency, instead of finding it from the blips.")
    Integer latency;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.NAM_EPOCHS,
            description = "Epochs (default: ${DEFAULT-VALUE}, NAM's).")
    int epochs;

    @Option(names = "--batch", defaultValue = "" + TrainingConfig.NAM_BATCH,
            description = "Segments per step (default: ${DEFAULT-VALUE}, NAM's).")
    int batch;

    @Option(names = "--segment", defaultValue = "" + TrainingConfig.NAM_SEGMENT, paramLabel = "SAMPLES",
            description = "Predictions per segment (default: ${DEFAULT-VALUE}, NAM's ny).")
    int segment;

    @Option(names = "--steps-per-epoch", defaultValue = "0", paramLabel = "N",
            description = "Steps per epoch; 0: one pass over the training section (default).")
    int stepsPerEpoch;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.NAM_LEARNING_RATE,
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}, NAM's; times 0.993 after each epoch).")
    double learningRate;

    @Option(names = "--threads", paramLabel = "N",
            description = "Workers (default: the cores, at most the batch). Results are identical for a given"
                    + " seed and thread count.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds the initial weights and the order of segments"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--loss", defaultValue = "esr", paramLabel = "esr|esr+mrstft",
            description = "Training loss (default: ${DEFAULT-VALUE}): pre-emphasised ESR, optionally plus"
                    + " multi-resolution STFT.")
    String loss;

    @Option(names = "--fresh", description = "Ignore (delete) an existing checkpoint and start again.")
    boolean fresh;

    @Option(names = "--name", description = "Metadata: the model's name.")
    String name;

    @Option(names = "--modeled-by", description = "Metadata: who captured it.")
    String modeledBy;

    @Option(names = "--gear-make", description = "Metadata: the gear's maker.")
    String gearMake;

    @Option(names = "--gear-model", description = "Metadata: the gear's model.")
    String gearModel;

    @Option(names = "--gear-type", paramLabel = "TYPE",
            description = "Metadata: amp, pedal, pedal_amp, amp_cab, amp_pedal_cab, preamp or studio.")
    String gearType;

    @Option(names = "--tone-type", paramLabel = "TYPE",
            description = "Metadata: clean, overdrive, crunch, hi_gain or fuzz.")
    String toneType;

    @Override
    public Integer call() throws IOException, InterruptedException {
        A1Architecture architecture = usage(() -> A1Architecture.parse(arch));
        LossKind lossKind = usage(() -> LossKind.parse(loss));
        GearMetadata gear = usage(() -> new GearMetadata(name, modeledBy, gearMake, gearModel, gearType, toneType));
        // the option names in the messages, not the config's field names
        usage(() -> Require.atLeastOne("--epochs", epochs));
        usage(() -> Require.atLeastOne("--batch", batch));
        usage(() -> Require.atLeastOne("--segment", segment));
        usage(() -> Require.nonNegative("--steps-per-epoch", stepsPerEpoch));
        usage(() -> Require.positive("--lr", learningRate));
        if (threads != null) {
            usage(() -> Require.atLeastOne("--threads", threads));
        }
        int workers = threads != null ? threads : Math.min(batch, Runtime.getRuntime().availableProcessors());
        TrainingConfig config = usage(() -> new TrainingConfig(epochs, batch, segment, learningRate,
                TrainingConfig.NAM_DECAY, seed, workers, lossKind, TrainingConfig.defaults().preEmphasis(),
                stepsPerEpoch));
        if (!model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nam")) {
            throw new ParameterException(spec.commandLine(), "-o must name a .nam file, found " + model);
        }
        Path report = sibling(model, ".png");
        Path checkpoint = sibling(model, ".ckpt");
        for (Path out : List.of(model, report, checkpoint)) {
            OutputPaths.requireNotAnInput(out, List.of(input, recorded));
        }
        if (fresh) {
            Files.deleteIfExists(checkpoint);
        }
        PrintStream err = System.err;
        AlignedCapture capture = CaptureAlignment.align(input, recorded,
                latency == null ? OptionalInt.empty() : OptionalInt.of(latency));
        err.printf(Locale.ROOT, "capture: signal %s, latency %d samples%s; training %.1f s, validation %.1f s%n",
                capture.signalVersion(), capture.latencySamples(), latency == null ? " (from the blips)" : " (given)",
                capture.trainInput().length / (double) capture.sampleRate(),
                capture.validationInput().length / (double) capture.sampleRate());
        TrainingProgressBar bar = new TrainingProgressBar(err, ProgressBar.stderrIsTerminal(), System::nanoTime);
        CaptureTraining training;
        try {
            training = new CaptureTraining(capture, architecture, config, bar, checkpoint);
        } catch (IllegalArgumentException e) {
            throw new IOException(recorded + ": " + e.getMessage(), e);
        }
        err.printf(Locale.ROOT, "training %s: %d epochs of %d steps, batch %d x %d samples, %d thread(s), loss %s;"
                        + " Ctrl-C stops and writes the best epoch%n", architecture.namName(), epochs,
                training.stepsPerEpoch(), batch, segment, workers, lossKind.label());
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            training.requestStop();
            try {
                // the JVM exits when the hooks end: wait for the best model to be written
                written.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "convstream-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (training) {
            TrainingResult result = training.train();
            bar.finish();
            String trainedBy = Version.VERSION;
            training.writeModel(model, gear, trainedBy);
            training.writeReport(report);
            err.printf(Locale.ROOT, "%s%s: best epoch %d, validation ESR %.5g; report %s; checkpoint %s%n",
                    result.stopped() ? "stopped; " : "", model, result.bestEpoch(), result.bestValidationEsr(),
                    report, checkpoint);
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it asked for this stop
            }
        }
        return 0;
    }

    /** {@code dir/name.nam} -> {@code dir/name<extension>}. */
    private static Path sibling(Path nam, String extension) {
        String file = nam.getFileName().toString();
        return nam.resolveSibling(file.substring(0, file.length() - ".nam".length()) + extension);
    }

    private <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
