package dev.convstream.train;

/** Hears what a {@link Trainer} does; called on the thread that runs {@link Trainer#train()}. */
public interface TrainingListener {
    /** Training resumes from a checkpoint after {@code epochsDone} epochs. */
    default void resumed(int epochsDone) {
    }

    /** A step was taken. */
    default void step(TrainingProgress progress) {
    }

    /** An epoch ended and was validated; {@code best} if its ESR is the best so far. */
    default void epochEnded(int epoch, double validationEsr, boolean best) {
    }

    /** A listener that hears nothing. */
    TrainingListener NONE = new TrainingListener() {
    };
}
