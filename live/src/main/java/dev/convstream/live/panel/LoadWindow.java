package dev.convstream.live.panel;

import dev.convstream.live.LoadMeter;
import java.util.ArrayDeque;

/**
 * The callback load of the last second or so: keeps the {@link LoadMeter} snapshots of the
 * last {@code ticks} updates and reports the window between the oldest and the newest, so the
 * p50/p99 the page shows follow what the audio thread does now rather than since the start.
 */
final class LoadWindow {

    private final LoadMeter meter;
    private final int ticks;
    private final ArrayDeque<LoadMeter.Snapshot> history = new ArrayDeque<>();

    LoadWindow(LoadMeter meter, int ticks) {
        this.meter = meter;
        this.ticks = ticks;
        history.add(LoadMeter.Snapshot.empty());
    }

    /** Takes a snapshot now and returns the window since the oldest one kept. */
    LoadMeter.Snapshot advance() {
        LoadMeter.Snapshot now = meter.snapshot();
        LoadMeter.Snapshot window = now.since(history.peekFirst());
        history.addLast(now);
        while (history.size() > ticks) {
            history.removeFirst();
        }
        return window;
    }
}
