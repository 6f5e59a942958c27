package dev.convstream.live;

import dev.convstream.audio.WavWriter;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.plugin.PluginChain;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The soak: a chain on a running JACK server for a long time, reporting xruns, callback load
 * (p50/p99/max of the callback time against the period) and peak levels. Not a unit test; run by
 * {@code live/src/test/scripts/soak-jack.sh}, which starts the dummy server and a signal source.
 *
 * <pre>
 * JackSoak --model amp.nam [--ir cab.wav] [--seconds 600] [--in PORT_PATTERN] [--report-every 60]
 * </pre>
 * Without {@code --ir}, a cabinet-like response is generated: 200 ms of exponentially decaying,
 * low-passed noise (long enough that the convolver's FFT tail runs, as a real cabinet IR makes
 * it). Output goes to the physical playback ports. Exit status 0 when the run had no xrun, 1
 * otherwise, 2 on bad usage.
 */
public final class JackSoak {

    private JackSoak() {
    }

    public static void main(String[] args) throws Exception {
        String model = null;
        String ir = null;
        String in = null;
        double seconds = 600;
        double reportEvery = 60;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("option " + a + " needs a value");
            }
            switch (a) {
                case "--model" -> model = args[++i];
                case "--ir" -> ir = args[++i];
                case "--in" -> in = args[++i];
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--report-every" -> reportEvery = Double.parseDouble(args[++i]);
                default -> usage("unknown option " + a);
            }
        }
        if (model == null) {
            usage("--model is required");
        }
        JackBackend backend = new JackBackend();
        if (!backend.isAvailable()) {
            System.err.println("soak: no JACK server answers (start one: live/src/test/scripts/jack-dummy.sh start)");
            System.exit(1);
        }
        Path irPath = ir != null ? Path.of(ir) : generatedCabinet();
        // -6 dB after the amp: the A1 model's normalised output plus the cabinet peaks above full scale.
        String description = "wavenet(model=" + model + ", output_gain=-6) -> convolver(ir=" + irPath + ")";
        System.out.println("soak: chain " + description);
        long prepareStart = System.nanoTime();
        try (PluginChain chain = HostInjector.create().getInstance(ChainBuilder.class).build(description)) {
            LiveEngine engine = new LiveEngine(chain);
            StreamRequest request = new StreamRequest(in, null, 0, 0, 1, 0, 0, true);
            try (LiveSession session = backend.start(request, engine)) {
                StreamInfo info = session.info();
                System.out.printf(Locale.ROOT, "soak: prepared and started in %.1f s: %s, in %s, out %s, %.0f Hz, "
                                + "%d frames (%.2f ms), %d in / %d out, round trip %d frames (%.2f ms)%n",
                        (System.nanoTime() - prepareStart) / 1e9, info.backend(), info.inputDevice(),
                        info.outputDevice(), info.sampleRate(), info.blockSize(),
                        1000.0 * info.blockSize() / info.sampleRate(), info.inputChannels(), info.outputChannels(),
                        info.latencyFrames(), info.latencyMillis());
                run(session, seconds, reportEvery);
            }
        }
    }

    private static void run(LiveSession session, double seconds, double reportEvery) throws InterruptedException {
        LiveEngine engine = session.engine();
        double periodNanos = 1e9 * session.info().blockSize() / session.info().sampleRate();
        LoadMeter.Snapshot start = engine.load().snapshot();
        LoadMeter.Snapshot windowStart = start;
        long xrunsStart = engine.xruns();
        long[] gcStart = collections();
        long t0 = System.nanoTime();
        long nextReport = t0 + (long) (reportEvery * 1e9);
        long end = t0 + (long) (seconds * 1e9);
        double maxIn = Double.NEGATIVE_INFINITY;
        double maxOut = Double.NEGATIVE_INFINITY;
        while (System.nanoTime() < end && session.isRunning()) {
            Thread.sleep(50);
            maxIn = Math.max(maxIn, engine.inputPeak().levelDb());
            maxOut = Math.max(maxOut, engine.outputPeak().levelDb());
            if (System.nanoTime() >= nextReport) {
                LoadMeter.Snapshot now = engine.load().snapshot();
                System.out.println(line(String.format(Locale.ROOT, "t=%4.0fs", (System.nanoTime() - t0) / 1e9),
                        now.since(windowStart), periodNanos, engine.xruns() - xrunsStart, maxIn, maxOut));
                windowStart = now;
                nextReport += (long) (reportEvery * 1e9);
            }
        }
        LoadMeter.Snapshot all = engine.load().snapshot().since(start);
        long xruns = engine.xruns() - xrunsStart;
        System.out.println(line(String.format(Locale.ROOT, "total %.0fs", (System.nanoTime() - t0) / 1e9),
                all, periodNanos, xruns, maxIn, maxOut));
        long[] gc = collections();
        System.out.printf(Locale.ROOT, "soak: over deadline %d of %d callbacks; clipped output samples %d; "
                        + "garbage collections during the run %d (%d ms)%n", all.overDeadline(), all.callbacks(),
                engine.outputPeak().clippedSamples(), gc[0] - gcStart[0], gc[1] - gcStart[1]);
        if (!session.isRunning()) {
            System.out.println("soak: the stream stopped: " + session.failure());
            System.exit(1);
        }
        System.out.println(xruns == 0 ? "soak: PASS, zero xruns" : "soak: FAIL, " + xruns + " xruns");
        if (xruns != 0) {
            System.exit(1);
        }
    }

    private static String line(String when, LoadMeter.Snapshot load, double periodNanos, long xruns, double inDb,
                               double outDb) {
        return String.format(Locale.ROOT, "soak: %s callbacks %d xruns %d load p50 %.1f%% p99 %.1f%% max %.1f%% "
                        + "(max %.3f ms) peak in %.1f dBFS out %.1f dBFS",
                when, load.callbacks(), xruns, 100 * load.quantile(0.5), 100 * load.quantile(0.99),
                100 * load.maxNanos() / periodNanos, load.maxNanos() / 1e6, inDb, outDb);
    }

    /** Collections so far and their total time in ms, over every collector. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** 200 ms of decaying, low-passed noise at 48 kHz, as a float WAV in a temporary file. */
    private static Path generatedCabinet() throws Exception {
        int rate = 48_000;
        int n = rate / 5;
        float[] ir = new float[n];
        Random r = new Random(1);
        double lp = 0;
        double tau = 0.02 * rate;
        for (int i = 0; i < n; i++) {
            lp += 0.3 * ((r.nextDouble() - 0.5) - lp); // one-pole low-pass, ~2.7 kHz at 48 kHz
            ir[i] = (float) (lp * Math.exp(-i / tau));
        }
        Path path = Files.createTempFile("convstream-soak-cabinet", ".wav");
        path.toFile().deleteOnExit();
        WavWriter.write(path, new float[][] {ir}, rate, WavWriter.Format.FLOAT_32);
        return path;
    }

    private static void usage(String problem) {
        System.err.println("soak: " + problem + "\nusage: JackSoak --model amp.nam [--ir cab.wav] [--seconds 600] "
                + "[--in PORT_PATTERN] [--report-every 60]");
        System.exit(2);
    }
}
