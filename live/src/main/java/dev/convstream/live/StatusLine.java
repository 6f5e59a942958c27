package dev.convstream.live;

import java.util.Locale;

/**
 * The one-line live status a player watches: block size, latency, callback load (p50 and p99
 * of callback time against its deadline since the previous line), xruns, input and output peak
 * levels. Each call to {@link #next} reads the engine (lock-free, from a control thread) and
 * describes the window since the previous call.
 *
 * <pre>block 256 | latency 31.9 ms | load p50 4% p99 9% | xruns 0 | in -12.0 dBFS | out -6.1 dBFS</pre>
 */
public final class StatusLine {

    private final LiveSession session;
    private LoadMeter.Snapshot previous = LoadMeter.Snapshot.empty();

    public StatusLine(LiveSession session) {
        this.session = session;
    }

    /** The line for the window since the previous call. [control thread] */
    public String next() {
        LiveEngine engine = session.engine();
        LoadMeter.Snapshot now = engine.load().snapshot();
        LoadMeter.Snapshot window = now.since(previous);
        previous = now;
        StreamInfo info = session.info();
        return String.format(Locale.ROOT, "block %d | latency %.1f ms | load p50 %s p99 %s | xruns %d | in %s | out %s",
                info.blockSize(), info.latencyMillis(), percent(window.quantile(0.5)), percent(window.quantile(0.99)),
                engine.xruns(), dbfs(engine.inputPeak().levelDb()), dbfs(engine.outputPeak().levelDb()));
    }

    private static String percent(double load) {
        return Double.isInfinite(load) ? ">200%" : Math.round(load * 100) + "%";
    }

    private static String dbfs(double db) {
        return db == Double.NEGATIVE_INFINITY || db < -120 ? "-inf dBFS" : String.format(Locale.ROOT, "%.1f dBFS", db);
    }
}
