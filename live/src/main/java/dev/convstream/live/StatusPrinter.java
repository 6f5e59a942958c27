package dev.convstream.live;

import java.io.PrintStream;

/**
 * Prints a {@link StatusLine} while audio runs, from its own daemon thread (never the audio
 * thread): on a terminal, rewritten in place four times a second ({@code \r}, padded over the
 * previous line); otherwise (a log, a pipe) one plain line a second, so a log stays readable.
 */
public final class StatusPrinter implements AutoCloseable {

    static final long TERMINAL_PERIOD_MILLIS = 250;
    static final long PLAIN_PERIOD_MILLIS = 1_000;

    private final StatusLine line;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean running = true;
    private int lastLength;

    /** Starts printing {@code line} to {@code out}; {@code terminal} when it is an interactive terminal. */
    public StatusPrinter(StatusLine line, PrintStream out, boolean terminal) {
        this.line = line;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "convstream-live-status");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long period = terminal ? TERMINAL_PERIOD_MILLIS : PLAIN_PERIOD_MILLIS;
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            print();
        }
    }

    private synchronized void print() {
        String s = line.next();
        if (terminal) {
            out.print("\r" + s + " ".repeat(Math.max(0, lastLength - s.length())));
            lastLength = s.length();
        } else {
            out.println(s);
        }
        out.flush();
    }

    /** Stops printing; on a terminal, ends the status line so what follows starts on a new one. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal && lastLength > 0) {
            out.println();
        }
    }
}
