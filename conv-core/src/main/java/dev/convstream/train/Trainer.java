package dev.convstream.train;

import dev.convstream.check.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains a {@link TrainableModel} on {@link TrainingData}: mini-batches of segments of the
 * training section in a random order drawn from the seed, Adam with NAM's exponentially
 * decaying learning rate, validation ESR over the held-out section after each epoch, the best
 * epoch kept.
 *
 * <p>Each step splits the batch into {@code threads} contiguous runs of segments; a worker
 * runs forward, loss and backward over its run into its own gradient (its own workspace), and
 * the workers' gradients and losses are then added in worker order. The result depends on the
 * seed and the thread count, never on scheduling: two runs with the same ones are bit-identical.
 *
 * <p>With a checkpoint path, the state after each epoch is written there atomically, and a run
 * that finds a checkpoint of the same run (same data, initial parameters and config but the
 * number of epochs) goes on from it, ending exactly where an uninterrupted run ends.
 * {@link #requestStop()} (from any thread, e.g. a shutdown hook) ends training after the
 * current step; {@link #train()} then returns the best epoch so far.
 *
 * <p>When {@link #train()} returns, the model's parameters are the best epoch's. Not reusable:
 * one {@code train()} per trainer; {@link #close()} stops its workers.
 */
public final class Trainer implements AutoCloseable {
    private final TrainableModel model;
    private final TrainingData data;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final Path checkpoint;
    private final TrainingLoss loss;
    private final int threads;
    private final int inputLength;
    private final int validationChunk;
    private final int segments;
    private final int stepsPerEpoch;
    private final Worker[] workers;
    private final ExecutorService pool;
    private final long fingerprint;
    private volatile boolean stopRequested;

    /**
     * @param checkpoint where to checkpoint each epoch and resume from, or null for neither
     * @throws IllegalArgumentException when the training section holds fewer segments than a batch
     *                                  or the validation section is shorter than the receptive field
     */
    public Trainer(TrainableModel model, TrainingData data, TrainingConfig config, TrainingListener listener,
            Path checkpoint) {
        this.model = Require.notNull("model", model);
        this.data = Require.notNull("data", data);
        this.config = Require.notNull("config", config);
        this.listener = Require.notNull("listener", listener);
        this.checkpoint = checkpoint;
        this.loss = config.loss().create(config.preEmphasis());
        int receptiveField = model.receptiveField();
        this.inputLength = config.segmentLength() + receptiveField - 1;
        // each chunk of validation recomputes receptiveField - 1 samples of context: chunks of
        // at least twice the receptive field keep that under a third of the work
        this.validationChunk = Math.max(config.segmentLength(), 2 * receptiveField);
        int n = data.trainInput().length;
        this.segments = n < inputLength ? 0 : (n - inputLength) / config.segmentLength() + 1;
        if (segments < config.batchSize()) {
            throw new IllegalArgumentException("training section too short: " + n + " samples hold " + segments
                    + " segments of " + inputLength + " samples (" + config.segmentLength()
                    + " predictions + receptive field " + receptiveField + " - 1), a batch needs "
                    + config.batchSize() + "; use a smaller --batch or a longer recording");
        }
        if (data.validationInput().length < receptiveField) {
            throw new IllegalArgumentException("validation section too short: " + data.validationInput().length
                    + " samples, the model's receptive field is " + receptiveField);
        }
        this.stepsPerEpoch = config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : segments / config.batchSize();
        this.threads = Math.min(config.threads(), config.batchSize());
        this.workers = new Worker[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Worker(w);
        }
        AtomicInteger names = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "convstream-train-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fingerprint = fingerprint();
    }

    /** Steps in one epoch. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Asks training to end after the current step; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains (or resumes and trains) to the last epoch or a stop request; leaves the best
     * epoch's parameters in the model.
     *
     * @throws IOException when the checkpoint cannot be read or written, or belongs to another run
     * @throws IllegalStateException when the loss stops being finite (training diverged)
     */
    public TrainingResult train() throws IOException {
        float[] parameters = model.parameters();
        Adam adam = new Adam(parameters.length);
        int epochsDone = 0;
        float[] best = null;
        int bestEpoch = 0;
        double bestEsr = Double.POSITIVE_INFINITY;
        double[] history = new double[0];
        if (checkpoint != null && Files.exists(checkpoint)) {
            TrainingCheckpoint c = TrainingCheckpoint.read(checkpoint, parameters.length);
            if (c.fingerprint() != fingerprint) {
                throw new IOException(checkpoint + ": a checkpoint of another training run (other data, "
                        + "architecture, seed or settings); delete it to start afresh");
            }
            System.arraycopy(c.parameters(), 0, parameters, 0, parameters.length);
            adam.restore(c.adamFirstMoment(), c.adamSecondMoment(), c.adamSteps());
            epochsDone = c.epochsDone();
            best = c.bestParameters();
            bestEpoch = c.bestEpoch();
            bestEsr = c.bestValidationEsr();
            history = c.validationEsr();
            listener.resumed(epochsDone);
        }
        float[] gradient = new float[parameters.length];
        double[] segmentLoss = new double[config.batchSize()];
        int[] order = new int[config.batchSize()];
        long started = System.nanoTime();
        long stepsThisRun = 0;
        long stepsLeft = (long) (config.epochs() - epochsDone) * stepsPerEpoch;
        boolean stopped = false;
        for (int epoch = epochsDone; epoch < config.epochs() && !stopped; epoch++) {
            int[] permutation = permutation(epoch);
            double lr = config.learningRate(epoch);
            double lastEsr = history.length == 0 ? Double.NaN : history[history.length - 1];
            for (int step = 0; step < stepsPerEpoch; step++) {
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                for (int b = 0; b < order.length; b++) {
                    order[b] = permutation[(int) (((long) step * order.length + b) % segments)];
                }
                double batchLoss = step(order, segmentLoss, gradient);
                if (!Double.isFinite(batchLoss)) {
                    throw new IllegalStateException("training diverged in epoch " + (epoch + 1) + ", step "
                            + (step + 1) + ": the loss is " + batchLoss + "; try a lower learning rate");
                }
                adam.step(parameters, gradient, lr);
                stepsThisRun++;
                stepsLeft--;
                double elapsed = (System.nanoTime() - started) / 1e9;
                listener.step(new TrainingProgress(epoch + 1, config.epochs(), step + 1, stepsPerEpoch, batchLoss,
                        lastEsr, bestEpoch > 0 ? bestEsr : Double.NaN, elapsed,
                        elapsed / stepsThisRun * stepsLeft));
            }
            if (stopped) {
                break;
            }
            double esr = validationEsr(predictValidation());
            history = Arrays.copyOf(history, history.length + 1);
            history[history.length - 1] = esr;
            boolean isBest = esr < bestEsr || best == null;
            if (isBest) {
                bestEsr = esr;
                bestEpoch = epoch + 1;
                best = parameters.clone();
            }
            if (checkpoint != null) {
                new TrainingCheckpoint(fingerprint, epoch + 1, parameters, adam.firstMoment(), adam.secondMoment(),
                        adam.steps(), best, bestEpoch, bestEsr, history).write(checkpoint);
            }
            listener.epochEnded(epoch + 1, esr, isBest);
        }
        if (best == null) {
            // stopped before the first epoch ended: the parameters at the stop are all there is
            best = parameters.clone();
            bestEsr = validationEsr(predictValidation());
        }
        System.arraycopy(best, 0, parameters, 0, parameters.length);
        return new TrainingResult(best.clone(), bestEpoch, bestEsr, history, stopped);
    }

    /**
     * The model's predictions over the validation input with its current parameters: one per
     * input sample from the receptive field on ({@code validationInput.length - receptiveField + 1}),
     * computed on the workers in segments.
     */
    public float[] predictValidation() {
        float[] input = data.validationInput();
        int rf = model.receptiveField();
        int outputs = input.length - rf + 1;
        float[] prediction = new float[outputs];
        int chunk = validationChunk;
        int chunks = (outputs + chunk - 1) / chunk;
        List<Callable<Void>> tasks = new ArrayList<>(threads);
        for (Worker w : workers) {
            tasks.add(() -> {
                for (int c = w.index; c < chunks; c += threads) {
                    int start = c * chunk;
                    int length = Math.min(chunk, outputs - start);
                    model.forward(w.workspace, input, start, length + rf - 1, w.prediction);
                    System.arraycopy(w.prediction, 0, prediction, start, length);
                }
                return null;
            });
        }
        runAll(tasks);
        return prediction;
    }

    /** Plain ESR of {@link #predictValidation()}'s output against the validation target. */
    public double validationEsr(float[] prediction) {
        int rf = model.receptiveField();
        return EsrLoss.esr(prediction, 0, data.validationTarget(), rf - 1, prediction.length);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One batch: fills {@code gradient}, returns the batch loss. */
    private double step(int[] order, double[] segmentLoss, float[] gradient) {
        int batch = order.length;
        int rfMinus1 = model.receptiveField() - 1;
        float[] target = data.trainTarget();
        double energy = 0;
        for (int b = 0; b < batch; b++) {
            energy += loss.targetEnergy(target, start(order[b]) + rfMinus1, config.segmentLength());
        }
        double batchEnergy = energy;
        List<Callable<Void>> tasks = new ArrayList<>(threads);
        for (Worker w : workers) {
            tasks.add(() -> {
                w.run(order, batch, batchEnergy, segmentLoss);
                return null;
            });
        }
        runAll(tasks);
        System.arraycopy(workers[0].gradient, 0, gradient, 0, gradient.length);
        for (int w = 1; w < threads; w++) {
            float[] g = workers[w].gradient;
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += g[i];
            }
        }
        double total = 0;
        for (int b = 0; b < batch; b++) {
            total += segmentLoss[b];
        }
        return total;
    }

    private int start(int segment) {
        return segment * config.segmentLength();
    }

    /** Epoch {@code epoch}'s order of segments: a shuffle drawn from the seed and the epoch alone. */
    private int[] permutation(int epoch) {
        SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch);
        int[] p = new int[segments];
        for (int i = 0; i < segments; i++) {
            p[i] = i;
        }
        for (int i = segments - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void runAll(List<Callable<Void>> tasks) {
        List<Future<Void>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** What identifies this run for a checkpoint: data, initial parameters, config but epochs. */
    private long fingerprint() {
        long h = 0x5bd1e995L;
        h = mix(h, data.trainInput());
        h = mix(h, data.trainTarget());
        h = mix(h, data.validationInput());
        h = mix(h, data.validationTarget());
        h = mix(h, model.parameters());
        long[] settings = {data.sampleRate(), model.receptiveField(), config.batchSize(), config.segmentLength(),
                Double.doubleToLongBits(config.learningRate()), Double.doubleToLongBits(config.learningRateDecay()),
                config.seed(), threads, config.loss().ordinal(), Double.doubleToLongBits(config.preEmphasis()),
                stepsPerEpoch};
        for (long s : settings) {
            h = mix(h, s);
        }
        return h;
    }

    private static long mix(long h, float[] values) {
        h = mix(h, values.length);
        for (float f : values) {
            h = mix(h, Float.floatToRawIntBits(f));
        }
        return h;
    }

    private static long mix(long h, long value) {
        long x = (h ^ value) * 0xbf58476d1ce4e5b9L;
        x ^= x >>> 31;
        return x * 0x94d049bb133111ebL + 0x9E3779B97F4A7C15L;
    }

    /** One worker's scratch: workspace, loss scratch, prediction and gradient buffers. */
    private final class Worker {
        final int index;
        final TrainableModel.Workspace workspace;
        final TrainingLoss.Scratch lossScratch;
        final float[] prediction;
        final float[] predictionGrad;
        final float[] gradient;

        Worker(int index) {
            this.index = index;
            this.workspace = model.workspace(validationChunk + model.receptiveField() - 1);
            this.lossScratch = loss.scratch(config.segmentLength());
            this.prediction = new float[validationChunk];
            this.predictionGrad = new float[config.segmentLength()];
            this.gradient = new float[model.parameterCount()];
        }

        /** Forward, loss and backward over this worker's contiguous run of the batch. */
        void run(int[] order, int batch, double batchEnergy, double[] segmentLoss) {
            Arrays.fill(gradient, 0);
            int from = (int) ((long) index * batch / threads);
            int to = (int) ((long) (index + 1) * batch / threads);
            int ny = config.segmentLength();
            int rfMinus1 = model.receptiveField() - 1;
            for (int b = from; b < to; b++) {
                int start = start(order[b]);
                model.forward(workspace, data.trainInput(), start, inputLength, prediction);
                segmentLoss[b] = loss.segment(lossScratch, prediction, data.trainTarget(), start + rfMinus1, ny,
                        batchEnergy, batch, predictionGrad);
                model.backward(workspace, predictionGrad, gradient);
            }
        }
    }
}
