package dev.convstream.kernel;

/**
 * NAM's LSTM of one layer, one input and one output with a few units and NAM core's fast tanh,
 * streamed over a block, as a kernel family can run it faster than unrolled scalar code: the
 * vector family keeps the 4H gates of a sample in one vector, so each step (the gate product, the
 * activations, the cell update) is one vector instruction instead of 4H scalar ones.
 *
 * <p>Every value is rounded as the model's scalar code rounds it (gates as {@code fma} from zero
 * over the input then the hidden state, then {@code + b}; NAM core's fused fast tanh; fast
 * sigmoid {@code 0.5 (fast_tanh(x/2) + 1)}; {@code c = fma(f, c, i g)}; {@code h = o tanh(c)}; the
 * head as an {@code fma} chain from zero, then {@code + b}), so a family's cell gives the same bits
 * as the scalar one. Weights come in the order {@code W[4H][1+H]} row-major, rows i, f, g, o
 * (columns: the input, then the hidden state), {@code b[4H]}, the head {@code W[H]}, its bias.
 */
public interface SmallLstm {

    /**
     * A cell for these weights, or null when this family has none for {@code hidden} units (the
     * caller then runs its own scalar code). Allocates; the returned cell does not, and keeps no
     * state: the caller's arrays hold it.
     */
    Cell fastTanhCell(int hidden, float[] weights);

    /** A prepared cell: owns scratch, so one per model, used by one thread at a time. */
    interface Cell {
        /**
         * Runs {@code frames} samples of {@code in} into {@code out}; {@code h} and {@code c}
         * ({@code hidden} values each) hold the state before and after.
         */
        void run(float[] h, float[] c, float[] in, int inOff, float[] out, int outOff, int frames);

        /**
         * Runs this cell on a test signal, on scratch state of its own, until the JIT has compiled
         * it: true once it has, false when {@code budgetNanos} passed first (or the JVM cannot
         * tell). A caller plays the cell only after true, and its own scalar code (the same bits)
         * otherwise: a cell that is not compiled yet may run a thousand times slower and allocate.
         * Allocates; [loading thread].
         */
        boolean compile(long budgetNanos);
    }

    /** The family with no such cell: every caller runs its scalar code. */
    SmallLstm NONE = (hidden, weights) -> null;
}
