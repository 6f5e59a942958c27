package dev.convstream.capture;

import dev.convstream.kernel.Kernels;
import dev.convstream.model.WaveNet;
import dev.convstream.model.nam.NamLoudness;
import dev.convstream.model.nam.NamWriter;
import dev.convstream.train.A1Architecture;
import dev.convstream.train.TrainableModel;
import dev.convstream.train.Trainer;
import dev.convstream.train.TrainingConfig;
import dev.convstream.train.TrainingData;
import dev.convstream.train.TrainingListener;
import dev.convstream.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One capture trained into a NAM model: an A1 WaveNet of the chosen size trained on an aligned
 * capture ({@link Trainer}), then written as a {@code .nam} with its metadata (the gear fields,
 * NAM's loudness, the validation ESR and how it was trained) and a report picture
 * ({@link TrainingReportPng}).
 *
 * <p>{@link #requestStop()} may be called from any thread (a shutdown hook); {@link #train()}
 * then returns the best epoch so far, which {@link #writeModel} writes.
 */
public final class CaptureTraining implements AutoCloseable {
    private final AlignedCapture capture;
    private final A1Architecture architecture;
    private final TrainingConfig config;
    private final TrainableModel model;
    private final Trainer trainer;
    private TrainingResult result;

    /**
     * @param checkpoint where to checkpoint each epoch and resume from (null: neither); the
     *                   model's initialisation is drawn from {@code config.seed()}, so a resumed
     *                   run recognises its checkpoint
     */
    public CaptureTraining(AlignedCapture capture, A1Architecture architecture, TrainingConfig config,
            TrainingListener listener, Path checkpoint) {
        this.capture = capture;
        this.architecture = architecture;
        this.config = config;
        this.model = architecture.newModel(config.seed());
        this.trainer = new Trainer(model, new TrainingData(capture.trainInput(), capture.trainTarget(),
                capture.validationInput(), capture.validationTarget(), capture.sampleRate()), config, listener,
                checkpoint);
    }

    /** Steps per epoch. */
    public int stepsPerEpoch() {
        return trainer.stepsPerEpoch();
    }

    /** Trains to the last epoch or a stop request; the model then holds the best epoch's parameters. */
    public TrainingResult train() throws IOException {
        result = trainer.train();
        return result;
    }

    /** Ends training after the current step; safe from any thread. */
    public void requestStop() {
        trainer.requestStop();
    }

    /**
     * The metadata written with the model: {@code gear}'s fields, then {@code loudness} (NAM's
     * formula on {@link NamLoudness}'s reference signal) and {@code training} (who trained it,
     * the best validation ESR where NAM's trainer puts it, architecture, epochs, best epoch,
     * latency, signal version).
     */
    public Map<String, Object> metadata(GearMetadata gear, String trainedBy) {
        requireTrained();
        Map<String, Object> m = new LinkedHashMap<>(gear.toNam());
        WaveNet inference = new WaveNet(architecture.config(), result.bestParameters(), Kernels.preferred());
        m.put("loudness", NamLoudness.loudnessDb(inference));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("trained_by", trainedBy);
        training.put("architecture", architecture.namName());
        training.put("epochs", result.validationEsr().length);
        training.put("best_epoch", result.bestEpoch());
        training.put("validation_esr", result.bestValidationEsr());
        training.put("latency_samples", capture.latencySamples());
        training.put("capture_signal_version", capture.signalVersion());
        training.put("loss", config.loss().label());
        training.put("seed", config.seed());
        m.put("training", training);
        return m;
    }

    /** Writes the best model to {@code nam} (atomically) with {@link #metadata}. */
    public void writeModel(Path nam, GearMetadata gear, String trainedBy) throws IOException {
        new NamWriter().write(nam, architecture.config(), result.bestParameters(), capture.sampleRate(),
                metadata(gear, trainedBy));
    }

    /** Writes the report picture: the best model on the validation section, and the ESR per epoch. */
    public void writeReport(Path png) throws IOException {
        requireTrained();
        float[] prediction = trainer.predictValidation();
        int skip = model.receptiveField() - 1;
        float[] input = capture.validationInput();
        float[] target = capture.validationTarget();
        TrainingReportPng.write(png, Arrays.copyOfRange(input, skip, input.length),
                Arrays.copyOfRange(target, skip, target.length), prediction, result.validationEsr(),
                capture.sampleRate());
    }

    private void requireTrained() {
        if (result == null) {
            throw new IllegalStateException("train() first");
        }
    }

    @Override
    public void close() {
        trainer.close();
    }
}
