package dev.convstream.cli;

import dev.convstream.host.FileProcessor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar with ETA for a file run through a chain, redrawn in place at most a
 * few times a second: {@code [########..........]  42%  12.6 of 30.0 s  ETA 4 s}. When the
 * input's length is unknown (ffmpeg input) it shows the seconds done and the speed instead.
 */
final class FileProgressBar implements FileProcessor.Progress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    FileProgressBar(PrintStream out, LongSupplier nanoClock) {
        this.out = out;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    @Override
    public void update(long framesRead, long totalFrames, float sampleRate) {
        long now = clock.getAsLong();
        boolean last = totalFrames > 0 && framesRead >= totalFrames;
        if (!last && drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print("\r" + line(framesRead, totalFrames, sampleRate, (now - start) / 1e9));
        out.flush();
    }

    /** Ends the line the bar was drawn on, if it was drawn. */
    void finish() {
        if (drawn) {
            out.println();
        }
    }

    static String line(long framesRead, long totalFrames, float sampleRate, double elapsedSeconds) {
        double done = framesRead / (double) sampleRate;
        double speed = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        if (totalFrames <= 0) {
            return String.format(Locale.ROOT, "%.1f s processed  %.1fx real time", done, speed);
        }
        double fraction = Math.min(1, framesRead / (double) totalFrames);
        double total = totalFrames / (double) sampleRate;
        String eta = speed > 0 ? String.format(Locale.ROOT, "%.0f s", (total - done) / speed) : "?";
        return String.format(Locale.ROOT, "%s %3.0f%%  %.1f of %.1f s  ETA %s", ProgressBar.bar(fraction),
                100 * fraction, done, total, eta);
    }
}
