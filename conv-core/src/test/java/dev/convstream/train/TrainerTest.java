package dev.convstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on {@link FirModel}, a model whose optimum is known. */
class TrainerTest {
    private static final int TAPS = 8;
    private static final double[] TRUE_TAPS = {0.05, -0.1, 0.2, -0.3, 0.5, 0.25, -0.15, 0.8};
    private static final double TRUE_BIAS = 0.01;

    @TempDir
    Path dir;

    /** White noise through a known FIR: the model can fit it exactly. */
    private static TrainingData data() {
        SplittableRandom random = new SplittableRandom(5);
        float[] train = new float[20_000];
        float[] validation = new float[4_000];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        for (int i = 0; i < validation.length; i++) {
            validation[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        return new TrainingData(train, FirModel.filter(train, TRUE_TAPS, TRUE_BIAS), validation,
                FirModel.filter(validation, TRUE_TAPS, TRUE_BIAS), 48_000);
    }

    private static TrainingConfig config(int threads) {
        // 20,000 samples hold 77 segments of 256 (+ 7): 9 steps of 8 per epoch
        return TrainingConfig.defaults().withEpochs(12).withBatchSize(8).withSegmentLength(256)
                .withLearningRate(0.02).withThreads(threads).withSeed(42);
    }

    private static TrainingResult train(TrainingConfig config, Path checkpoint, TrainingListener listener)
            throws IOException {
        try (Trainer trainer = new Trainer(new FirModel(TAPS, 1), data(), config, listener, checkpoint)) {
            return trainer.train();
        }
    }

    @Test
    void convergesToTheFilterThatMadeTheTarget() throws IOException {
        TrainingResult result = train(config(2).withEpochs(40).withLearningRate(0.05).withLearningRateDecay(0.92), null,
                TrainingListener.NONE);
        assertEquals(40, result.validationEsr().length);
        // an exact fit exists; 360 Adam steps, the rate decaying from 0.05 to 2e-3, get the
        // validation ESR from ~1 to below 1e-4 (Adam's steps of about the rate set the floor)
        assertTrue(result.validationEsr()[0] > 10 * result.bestValidationEsr(), "ESR fell: "
                + java.util.Arrays.toString(result.validationEsr()));
        assertTrue(result.bestValidationEsr() < 1e-4, "best ESR " + result.bestValidationEsr());
        for (int k = 0; k < TAPS; k++) {
            assertEquals(TRUE_TAPS[k], result.bestParameters()[k], 0.01, "tap " + k);
        }
    }

    @Test
    void theMultiResolutionStftOptionTrainsToo() throws IOException {
        // MR-STFT needs segments longer than half its largest FFT (1024): 17 segments of 1100
        TrainingConfig config = config(2).withLoss(LossKind.ESR_MRSTFT).withSegmentLength(1100).withBatchSize(4)
                .withEpochs(20).withLearningRate(0.05).withLearningRateDecay(0.92);
        TrainingResult result = train(config, null, TrainingListener.NONE);
        // 80 steps: the ESR falls by more than ten times (to ~0.017 with these seeds) toward the same exact fit
        assertTrue(result.bestValidationEsr() < 0.05 && result.validationEsr()[0] > 10 * result.bestValidationEsr(),
                java.util.Arrays.toString(result.validationEsr()));
    }

    @Test
    void twoRunsWithTheSameSeedAndThreadsAreBitIdentical() throws IOException {
        TrainingResult a = train(config(2).withEpochs(3), null, TrainingListener.NONE);
        TrainingResult b = train(config(2).withEpochs(3), null, TrainingListener.NONE);
        assertArrayEquals(a.bestParameters(), b.bestParameters());
        assertArrayEquals(a.validationEsr(), b.validationEsr());
        TrainingResult otherSeed = train(config(2).withEpochs(3).withSeed(43), null, TrainingListener.NONE);
        assertFalse(java.util.Arrays.equals(a.bestParameters(), otherSeed.bestParameters()),
                "the seed orders the segments");
    }

    @Test
    void resumingAfterAnInterruptionEndsWhereAnUninterruptedRunEnds() throws IOException {
        TrainingResult uninterrupted = train(config(2).withEpochs(5), null, TrainingListener.NONE);
        Path checkpoint = dir.resolve("run.ckpt");
        // the first run dies in the middle of epoch 3, as a killed process would
        RuntimeException killed = assertThrows(RuntimeException.class, () -> train(config(2).withEpochs(5),
                checkpoint, new TrainingListener() {
                    @Override
                    public void step(TrainingProgress p) {
                        if (p.epoch() == 3 && p.step() == 4) {
                            throw new RuntimeException("killed");
                        }
                    }
                }));
        assertEquals("killed", killed.getMessage());
        assertTrue(Files.exists(checkpoint));
        List<Integer> resumedAt = new ArrayList<>();
        TrainingResult resumed = train(config(2).withEpochs(5), checkpoint, new TrainingListener() {
            @Override
            public void resumed(int epochsDone) {
                resumedAt.add(epochsDone);
            }
        });
        assertEquals(List.of(2), resumedAt);
        assertArrayEquals(uninterrupted.bestParameters(), resumed.bestParameters());
        assertArrayEquals(uninterrupted.validationEsr(), resumed.validationEsr());
        assertEquals(uninterrupted.bestEpoch(), resumed.bestEpoch());
    }

    @Test
    void aStopRequestEndsAfterTheCurrentStepWithTheBestEpoch() throws IOException {
        TrainingResult threeEpochs = train(config(1).withEpochs(3), null, TrainingListener.NONE);
        FirModel model = new FirModel(TAPS, 1);
        List<Integer> epochsStepped = new ArrayList<>();
        TrainingResult result;
        Trainer[] self = new Trainer[1];
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void step(TrainingProgress p) {
                epochsStepped.add(p.epoch());
                if (p.epoch() == 4 && p.step() == 2) {
                    self[0].requestStop();
                }
            }
        };
        try (Trainer trainer = new Trainer(model, data(), config(1).withEpochs(12), stopper, null)) {
            self[0] = trainer;
            result = trainer.train();
        }
        assertTrue(result.stopped());
        assertEquals(3 * 9 + 2, epochsStepped.size(), "no step after the one that asked to stop");
        assertArrayEquals(threeEpochs.validationEsr(), result.validationEsr());
        assertEquals(result.validationEsr()[result.bestEpoch() - 1], result.bestValidationEsr());
        assertArrayEquals(threeEpochs.bestParameters(), result.bestParameters(), "the best of the finished epochs");
        assertArrayEquals(result.bestParameters(), model.parameters(), "the model holds the best parameters");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() throws IOException {
        Path checkpoint = dir.resolve("run.ckpt");
        train(config(1).withEpochs(1), checkpoint, TrainingListener.NONE);
        IOException e = assertThrows(IOException.class,
                () -> train(config(1).withEpochs(2).withSeed(7), checkpoint, TrainingListener.NONE));
        assertTrue(e.getMessage().startsWith(checkpoint + ": a checkpoint of another training run"), e.getMessage());
    }

    @Test
    void moreEpochsGoOnFromAFinishedRunsCheckpoint() throws IOException {
        Path checkpoint = dir.resolve("run.ckpt");
        train(config(2).withEpochs(2), checkpoint, TrainingListener.NONE);
        TrainingResult extended = train(config(2).withEpochs(4), checkpoint, TrainingListener.NONE);
        TrainingResult straight = train(config(2).withEpochs(4), null, TrainingListener.NONE);
        assertArrayEquals(straight.validationEsr(), extended.validationEsr());
    }

    @Test
    void aTrainingSectionShorterThanABatchIsRefusedWithTheNumbers() {
        TrainingData data = data();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new FirModel(TAPS, 1), data, config(1).withBatchSize(100), TrainingListener.NONE,
                        null));
        assertEquals("training section too short: 20000 samples hold 78 segments of 263 samples (256 predictions"
                + " + receptive field 8 - 1), a batch needs 100; use a smaller --batch or a longer recording",
                e.getMessage());
    }

    @Test
    void progressReportsEveryStepWithAnEstimate() throws IOException {
        List<TrainingProgress> seen = new ArrayList<>();
        train(config(1).withEpochs(2), null, new TrainingListener() {
            @Override
            public void step(TrainingProgress p) {
                seen.add(p);
            }
        });
        assertEquals(2 * 9, seen.size());
        TrainingProgress last = seen.get(seen.size() - 1);
        assertEquals(1.0, last.fraction(), 1e-12);
        assertEquals(0.0, last.etaSeconds(), 1e-12);
        assertTrue(Double.isNaN(seen.get(0).validationEsr()));
        assertFalse(Double.isNaN(seen.get(9).validationEsr()), "epoch 2 knows epoch 1's ESR");
    }
}
