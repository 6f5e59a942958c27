package dev.convstream.cli;

import dev.convstream.train.TrainingListener;
import dev.convstream.train.TrainingProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of {@code capture train}: on a terminal one line redrawn in place at most five
 * times a second ({@code epoch 3/100 step 12/40 [###.....] 2% loss 0.0123 val ESR 0.0456
 * (best 0.0400) ETA 1:23:45}), and a line per epoch with its validation ESR; into a file or
 * pipe only the epoch lines.
 */
final class TrainingProgressBar implements TrainingListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;
    private long lastDraw = Long.MIN_VALUE;
    private boolean lineOpen;
    private TrainingProgress last;

    TrainingProgressBar(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = nanoClock;
    }

    @Override
    public void resumed(int epochsDone) {
        endLine();
        out.printf(Locale.ROOT, "resuming from the checkpoint after epoch %d%n", epochsDone);
    }

    @Override
    public void step(TrainingProgress p) {
        last = p;
        if (!terminal) {
            return;
        }
        long now = clock.getAsLong();
        if (lineOpen && now - lastDraw < REDRAW_NANOS && p.step() != p.stepsPerEpoch()) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(p));
        out.flush();
        lineOpen = true;
    }

    @Override
    public void epochEnded(int epoch, double validationEsr, boolean best) {
        endLine();
        int epochs = last == null ? epoch : last.epochs();
        out.printf(Locale.ROOT, "epoch %d/%d  validation ESR %.5g%s%s%n", epoch, epochs, validationEsr,
                best ? "  (best)" : "", last == null ? "" : "  ETA " + ProgressBar.clock(last.etaSeconds()));
    }

    /** Ends the line the bar was drawn on, if it was drawn. */
    void finish() {
        endLine();
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    static String line(TrainingProgress p) {
        String validation = Double.isNaN(p.validationEsr()) ? "" : String.format(Locale.ROOT,
                "  val ESR %.4g (best %.4g)", p.validationEsr(), p.bestValidationEsr());
        return String.format(Locale.ROOT, "epoch %d/%d step %d/%d %s %3.0f%%  loss %.4g%s  ETA %s", p.epoch(),
                p.epochs(), p.step(), p.stepsPerEpoch(), ProgressBar.bar(p.fraction()), 100 * p.fraction(), p.loss(),
                validation, ProgressBar.clock(p.etaSeconds()));
    }
}
