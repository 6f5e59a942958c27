package dev.convstream.cli;

import dev.convstream.batch.BatchExtractor;
import java.io.PrintStream;

/**
 * Batch progress on a stream (stderr): on a terminal, one bar redrawn in place with files
 * done, percent, elapsed time and ETA (failures are printed above it as they happen);
 * otherwise (a log file, a pipe) one plain line per file. The ETA divides the files left by
 * the rate of files computed so far (skipped files are not counted in the rate: they cost
 * nothing).
 */
public final class ProgressReporter implements BatchExtractor.Listener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int total;
    private int done;
    private int computed;
    private int failed;
    private long lastDraw;

    /** @param terminal draw the in-place bar (true) or print plain lines (false) */
    public ProgressReporter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(int files) {
        total = files;
        if (!terminal) {
            out.println(files < 0 ? "features: the job lists the inputs" : "features: " + files + " file(s)");
        } else {
            draw();
        }
    }

    @Override
    public synchronized void finished(BatchExtractor.Outcome o) {
        done++;
        if (o.status() != BatchExtractor.Status.SKIPPED) {
            computed++;
        }
        if (o.status() == BatchExtractor.Status.FAILED) {
            failed++;
        }
        String line = switch (o.status()) {
            case DONE -> "done    " + o.input().relative();
            case SKIPPED -> "skipped " + o.input().relative() + " (already complete)";
            case FAILED -> "FAILED  " + o.failureLine();
        };
        if (terminal) {
            if (o.status() == BatchExtractor.Status.FAILED) {
                out.print("\r\033[K");
                out.println(line);
            }
            long now = System.nanoTime();
            if (done == total || now - lastDraw > REDRAW_NANOS || o.status() == BatchExtractor.Status.FAILED) {
                lastDraw = now;
                draw();
            }
            if (done == total) {
                out.println();
            }
        } else {
            out.println("[" + done + "/" + total + "] " + line + "  " + timing());
        }
        out.flush();
    }

    /**
     * The counts so far of a run that reports counts rather than files (a Beam job's metrics):
     * redraws the bar, or prints a plain line when they changed. A total below 0 (given to
     * {@link #started}) is unknown: no percentage or ETA.
     */
    public synchronized void counts(long finished, long skipped, long failedFiles) {
        int now = (int) (finished + skipped + failedFiles);
        if (now == done && failedFiles == failed) {
            return;
        }
        done = now;
        computed = (int) (finished + failedFiles);
        failed = (int) failedFiles;
        if (terminal) {
            long t = System.nanoTime();
            if (t - lastDraw > REDRAW_NANOS) {
                lastDraw = t;
                draw();
            }
        } else {
            out.println("[" + done + (total >= 0 ? "/" + total : "") + "] " + finished + " done, " + skipped
                    + " skipped, " + failedFiles + " failed  " + timing());
            out.flush();
        }
    }

    /** Ends the bar of a run reported by {@link #counts}. */
    public synchronized void finish() {
        if (terminal) {
            draw();
            out.println();
            out.flush();
        }
    }

    private void draw() {
        if (total < 0) {
            out.print("\r\033[K" + done + " files  " + timing() + (failed > 0 ? "  failed " + failed : ""));
            out.flush();
            return;
        }
        double fraction = total == 0 ? 1 : (double) done / total;
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        out.print("\r\033[K" + ProgressBar.bar(fraction) + " " + done + "/" + total + " "
                + percent + "%  " + timing() + (failed > 0 ? "  failed " + failed : ""));
        out.flush();
    }

    private String timing() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = total < 0 || computed == 0 || done == 0 ? "?" : ProgressBar.clock((total - done) * elapsed / computed);
        return ProgressBar.clock(elapsed) + " elapsed, ETA " + (done == total ? "0:00" : eta);
    }
}
