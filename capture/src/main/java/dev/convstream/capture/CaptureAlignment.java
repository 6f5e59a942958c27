package dev.convstream.capture;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Checks a recording of the capture signal before training and takes its latency out. The
 * checks, in order, each a {@link CaptureException} naming the file, what is wrong and what to
 * do (docs/capture.md lists them):
 * <ol>
 *   <li>the input is a convstream capture signal of a known version (its metadata, its length,
 *       its start blip);</li>
 *   <li>the recording is mono, at the input's rate;</li>
 *   <li>not silent: its peak is at least {@value #SILENCE_PEAK_DB} dBFS;</li>
 *   <li>not clipped: no {@value #CLIP_RUN} or more consecutive samples at |x| &gt;= {@value #CLIP_LEVEL};</li>
 *   <li>the start blip is found: normalised correlation at least {@value #MIN_BLIP_CORRELATION} at a lag of
 *       -{@link CaptureLayout#MAX_LEAD_SECONDS} to +{@link CaptureLayout#MAX_LATENCY_SECONDS} s;</li>
 *   <li>the marker blip follows it where this version puts it (else: a recording of another version);</li>
 *   <li>the lengths differ by at most {@value #LENGTH_TOLERANCE_SECONDS} s;</li>
 *   <li>the end blip is found, at a lag within {@value #DRIFT_TOLERANCE_SAMPLES} samples of the start
 *       blip's (else: the recording drifted, two clocks).</li>
 * </ol>
 * With the latency given ({@code latencyOverride}), checks 5, 6 and 8 are skipped: the blips are
 * not used.
 *
 * <p>The latency taken out is the start blip's correlation peak less {@value #SAFETY_SAMPLES}
 * sample of safety, as NAM's trainer leaves one: a gear whose response peaks a sample after it
 * begins (any low-pass) is then never asked of the model before its input arrived; a sample of
 * delay more costs the model nothing. A given latency is taken out as given. Thread-safe: no state.
 */
public final class CaptureAlignment {

    /** How much the recording's length may differ from the signal's, in seconds. */
    public static final double LENGTH_TOLERANCE_SECONDS = 0.5;
    /** A sample at or above this magnitude counts towards a clipped run. */
    public static final double CLIP_LEVEL = 0.999;
    /** This many consecutive samples at {@link #CLIP_LEVEL} or above are a clipped recording. */
    public static final int CLIP_RUN = 4;
    /** A recording whose peak is below this (dBFS) is silent. */
    public static final double SILENCE_PEAK_DB = -60;
    /** The least normalised correlation of a found blip (unrelated noise gives about 0.15 at its best lag). */
    public static final double MIN_BLIP_CORRELATION = 0.3;
    /** Samples of the found latency left in the target (see the class comment). */
    public static final int SAFETY_SAMPLES = 1;
    /** The most the latency at the end blip may differ from the start blip's, in samples. */
    public static final double DRIFT_TOLERANCE_SAMPLES = 1.0;

    private CaptureAlignment() {
    }

    /**
     * Checks {@code recorded} against the capture signal {@code input} and returns the aligned
     * training and validation data.
     *
     * @param latencyOverride the recording's lag in samples, instead of finding it from the blips
     * @throws CaptureException naming the file and the problem when a check fails
     * @throws IOException      when a file cannot be read
     */
    public static AlignedCapture align(Path input, Path recorded, OptionalInt latencyOverride) throws IOException {
        return check(input, recorded, latencyOverride).aligned();
    }

    /** As {@link #align}, with the measurements behind each check. */
    public static CaptureReport check(Path input, Path recorded, OptionalInt latencyOverride) throws IOException {
        return check(input, recorded, latencyOverride, CaptureLayout.KNOWN);
    }

    /** As {@link #check(Path, Path, OptionalInt)}, knowing the versions {@code known}. */
    static CaptureReport check(Path input, Path recorded, OptionalInt latencyOverride, List<CaptureLayout> known)
            throws IOException {
        CaptureLayout layout = layoutOf(input, known);
        AudioFileReader reader = AudioFileReader.fromEnvironment();
        AudioFileReader.Decoded in = reader.read(input);
        float[] x = mono(in, input, "the capture signal is mono: write it again with 'convstream capture signal'");
        checkInput(input, in, x, layout);

        AudioFileReader.Decoded rec = reader.read(recorded);
        float[] y = mono(rec, recorded, "a capture is mono: export the one channel your gear was recorded on");
        if (rec.sampleRate() != in.sampleRate()) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: recorded at %s Hz, but %s is %s Hz: record at %s Hz"
                            + " (the rate the model will run at)", recorded, rate(rec.sampleRate()), input.getFileName(),
                    rate(in.sampleRate()), rate(in.sampleRate())));
        }
        double peak = peak(y);
        double peakDb = 20 * Math.log10(peak);
        if (peakDb < SILENCE_PEAK_DB) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: silent: its peak is %s, below %.0f dBFS;"
                    + " check the cables, the interface's input and the gear's volume", recorded, db(peak), SILENCE_PEAK_DB));
        }
        checkClipping(recorded, y, layout.sampleRate());

        int latency;
        double startLatency = Double.NaN;
        double endLatency = Double.NaN;
        double startCorrelation = Double.NaN;
        double endCorrelation = Double.NaN;
        float[] blip = CaptureSignal.blip(layout.sampleRate());
        if (latencyOverride.isEmpty()) {
            BlipSearch.Hit start = findBlip(recorded, input, y, blip, layout.startBlip(), layout, "start");
            startLatency = start.lag();
            startCorrelation = start.correlation();
            checkMarker(recorded, input, y, blip, layout, start.sampleLag(), known);
            latency = start.sampleLag() - SAFETY_SAMPLES;
            checkLength(input, recorded, x.length, y.length, layout.sampleRate());
            BlipSearch.Hit end = findBlip(recorded, input, y, blip, layout.endBlip(), layout, "end");
            endLatency = end.lag();
            endCorrelation = end.correlation();
            if (Math.abs(endLatency - startLatency) > DRIFT_TOLERANCE_SAMPLES) {
                double seconds = (layout.endBlip().start() - layout.startBlip().start()) / (double) layout.sampleRate();
                throw new CaptureException(String.format(Locale.ROOT, "%s: the latency drifts: %.1f samples at the start"
                                + " blip, %.1f at the end blip %.1f s later (%.1f ppm; at most %.1f samples apart): playback"
                                + " and recording ran on different clocks; play and record through one interface",
                        recorded, startLatency, endLatency, seconds,
                        (endLatency - startLatency) / (seconds * layout.sampleRate()) * 1e6, DRIFT_TOLERANCE_SAMPLES));
            }
        } else {
            latency = latencyOverride.getAsInt();
            checkLength(input, recorded, x.length, y.length, layout.sampleRate());
        }
        AlignedCapture aligned = cut(recorded, x, y, layout, latency);
        return new CaptureReport(aligned, layout, latencyOverride.isPresent(), startLatency, endLatency,
                startCorrelation, endCorrelation, peakDb, x.length, y.length);
    }

    /** The layout named by {@code input}'s metadata. */
    private static CaptureLayout layoutOf(Path input, List<CaptureLayout> known) throws IOException {
        String write = "; write one with 'convstream capture signal -o " + input.getFileName() + "' and record that";
        Map<String, String> info;
        try {
            info = WavInfo.read(input);
        } catch (IOException e) {
            if (!Files.isRegularFile(input)) {
                // a missing file or a folder: the reader's own words name it
                throw e;
            }
            throw new CaptureException(input + ": not a convstream capture signal (" + e.getMessage()
                    .replace(input + ": ", "") + ")" + write);
        }
        String version = info.get(CaptureSignal.VERSION_KEY);
        if (version == null || !CaptureSignal.TITLE.equals(info.get(CaptureSignal.TITLE_KEY))) {
            throw new CaptureException(input + ": not a convstream capture signal (no capture signal version in its"
                    + " WAV metadata)" + write);
        }
        return known.stream().filter(l -> l.version().equals(version)).findFirst().orElseThrow(() ->
                new CaptureException(input + ": capture signal version '" + version + "' is not one this convstream"
                        + " knows (" + versions(known) + ")" + write));
    }

    private static void checkInput(Path input, AudioFileReader.Decoded in, float[] x, CaptureLayout layout)
            throws CaptureException {
        String edited = ": edited or resaved? write it again with 'convstream capture signal'";
        if (in.sampleRate() != layout.sampleRate()) {
            throw new CaptureException(input + ": " + rate(in.sampleRate()) + " Hz, but capture signal version "
                    + layout.version() + " is " + layout.sampleRate() + " Hz" + edited);
        }
        if (x.length != layout.length()) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: %,d samples, but capture signal version %s has %,d%s",
                    input, x.length, layout.version(), layout.length(), edited));
        }
        float[] blip = CaptureSignal.blip(layout.sampleRate());
        for (CaptureLayout.Section b : List.of(layout.startBlip(), layout.markerBlip(), layout.endBlip())) {
            // 24-bit quantisation of a -6 dBFS blip leaves a correlation of 1 - 1e-12; 16-bit, 1 - 1e-8.
            if (BlipSearch.correlation(x, b.start(), blip) < 0.999) {
                throw new CaptureException(input + ": no " + b.name() + " at sample " + b.start()
                        + " where capture signal version " + layout.version() + " has it" + edited);
            }
        }
    }

    private static float[] mono(AudioFileReader.Decoded d, Path file, String advice) throws CaptureException {
        if (d.channels().length != 1) {
            throw new CaptureException(file + ": " + d.channels().length + " channels; " + advice);
        }
        return d.channels()[0];
    }

    private static void checkClipping(Path recorded, float[] y, int rate) throws CaptureException {
        int runs = 0;
        int first = -1;
        int run = 0;
        for (int i = 0; i < y.length; i++) {
            if (Math.abs(y[i]) >= CLIP_LEVEL) {
                run++;
                if (run == CLIP_RUN) {
                    runs++;
                    if (first < 0) {
                        first = i - CLIP_RUN + 1;
                    }
                }
            } else {
                run = 0;
            }
        }
        if (runs > 0) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: clipped: %,d run%s of %d or more samples at full"
                            + " scale (|x| >= %s), the first at %.3f s; lower the level into the interface and record again",
                    recorded, runs, runs == 1 ? "" : "s", CLIP_RUN, CLIP_LEVEL, first / (double) rate));
        }
    }

    private static BlipSearch.Hit findBlip(Path recorded, Path input, float[] y, float[] blip, CaptureLayout.Section at,
                                           CaptureLayout layout, String which) throws CaptureException {
        Optional<BlipSearch.Hit> hit = BlipSearch.find(y, blip, at.start(), -layout.maxLead(), layout.maxLatency());
        if (hit.isEmpty() || hit.get().correlation() < MIN_BLIP_CORRELATION) {
            String found = hit.map(h -> String.format(Locale.ROOT, "best correlation %.2f at a lag of %d samples",
                    h.correlation(), h.sampleLag())).orElse("the recording ends before it");
            throw new CaptureException(String.format(Locale.ROOT, "%s: latency not found: no %s blip within %.0f ms"
                            + " before to %.0f ms after %.3f s, where %s has it (%s; needs %.2f)%s", recorded, which,
                    CaptureLayout.MAX_LEAD_SECONDS * 1000, CaptureLayout.MAX_LATENCY_SECONDS * 1000,
                    at.start() / (double) layout.sampleRate(), input.getFileName(), found, MIN_BLIP_CORRELATION,
                    which.equals("start")
                            ? ": is it a recording of " + input.getFileName() + ", started with the playback? If you know"
                            + " the latency, give it (--latency SAMPLES)"
                            : ": was the recording stopped early?"));
        }
        return hit.get();
    }

    /** The marker blip where this version puts it, or a clear word about which version it is. */
    private static void checkMarker(Path recorded, Path input, float[] y, float[] blip, CaptureLayout layout,
                                    int latency, List<CaptureLayout> known) throws CaptureException {
        int expected = layout.markerBlip().start();
        Optional<BlipSearch.Hit> there = BlipSearch.find(y, blip, expected, latency - 2, latency + 2);
        if (there.isPresent() && there.get().correlation() >= MIN_BLIP_CORRELATION) {
            return;
        }
        int from = layout.startBlip().start() + latency;
        Optional<BlipSearch.Hit> elsewhere = BlipSearch.find(y, blip, from, layout.maxLatency() + blip.length,
                (int) Math.round(CaptureLayout.MAX_MARKER_GAP_SECONDS * layout.sampleRate()));
        String of = input.getFileName() + " (version " + layout.version() + ")";
        if (elsewhere.isPresent() && elsewhere.get().correlation() >= MIN_BLIP_CORRELATION) {
            int gap = elsewhere.get().sampleLag();
            Optional<CaptureLayout> other = known.stream().filter(l -> l.markerGap() == gap).findFirst();
            throw new CaptureException(String.format(Locale.ROOT, "%s: %s: its second blip is %,d samples after the first,"
                            + " %s puts it %,d after; record %s again", recorded,
                    other.map(l -> "a recording of capture signal version " + l.version() + ", not of " + of)
                            .orElse("a recording of another capture signal version than " + of),
                    gap, of, layout.markerGap(), input.getFileName()));
        }
        throw new CaptureException(String.format(Locale.ROOT, "%s: no second blip %,d samples after the first, where"
                        + " %s has it: not a recording of that capture signal version; record %s again",
                recorded, layout.markerGap(), of, input.getFileName()));
    }

    private static void checkLength(Path input, Path recorded, int inputFrames, int recordedFrames, int rate)
            throws CaptureException {
        if (Math.abs(recordedFrames - inputFrames) > LENGTH_TOLERANCE_SECONDS * rate) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: %,d samples (%.3f s), but %s has %,d (%.3f s):"
                            + " they may differ by %.1f s at most; record the whole capture signal, from before it starts"
                            + " until after it ends, and trim nothing", recorded, recordedFrames, recordedFrames / (double) rate,
                    input.getFileName(), inputFrames, inputFrames / (double) rate, LENGTH_TOLERANCE_SECONDS));
        }
    }

    /** The training and validation parts of the signal and of the recording {@code latency} samples later. */
    private static AlignedCapture cut(Path recorded, float[] x, float[] y, CaptureLayout layout, int latency)
            throws CaptureException {
        if (layout.trainStart() + latency < 0 || layout.validationEnd() + latency > y.length) {
            throw new CaptureException(String.format(Locale.ROOT, "%s: a latency of %d samples puts the training and"
                            + " validation parts (samples %,d to %,d of the signal) outside the recording's %,d samples",
                    recorded, latency, layout.trainStart(), layout.validationEnd(), y.length));
        }
        return new AlignedCapture(
                Arrays.copyOfRange(x, layout.trainStart(), layout.trainEnd()),
                Arrays.copyOfRange(y, layout.trainStart() + latency, layout.trainEnd() + latency),
                Arrays.copyOfRange(x, layout.validationStart(), layout.validationEnd()),
                Arrays.copyOfRange(y, layout.validationStart() + latency, layout.validationEnd() + latency),
                layout.sampleRate(), latency, layout.version());
    }

    private static double peak(float[] y) {
        double p = 0;
        for (float v : y) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }

    private static String db(double amplitude) {
        return amplitude == 0 ? "-inf dBFS (digital silence)" : String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(amplitude));
    }

    private static String rate(float r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    private static String versions(List<CaptureLayout> known) {
        return "it knows " + known.stream().map(CaptureLayout::version).collect(Collectors.joining(", "));
    }
}
