package dev.convstream.capture;

import dev.convstream.check.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a capture signal holds and where: its sections back to back from sample 0, and the
 * version that names exactly these samples. {@link CaptureSignal} renders a layout; the version
 * goes into the WAV's metadata, and {@link CaptureAlignment} reads it back to find the layout
 * of a file. Any change to a layout or to how a section renders is a new version.
 *
 * <p>A layout is: an alignment part (a lead-in, the start blip, a gap that marks the version,
 * the marker blip, silence), the training part, the validation part, and an alignment part
 * with the end blip and a tail. The training and validation parts are each one contiguous
 * range, so training data and validation data are continuous stretches of the recording.
 *
 * @param version    the version string written into the file's metadata
 * @param sampleRate samples per second
 * @param seed       the seed of every random choice (section {@code i} uses {@code seed + i})
 * @param sections   back to back from sample 0
 */
public record CaptureLayout(String version, int sampleRate, long seed, List<Section> sections) {

    /** What a section plays. */
    public enum Kind {
        /** Digital silence: the gear's noise floor and idle behaviour. */
        SILENCE,
        /** A short Hann-windowed exponential chirp found by cross-correlation (alignment only). */
        BLIP,
        /** An exponential sine sweep, 20 Hz to 20 kHz. */
        SWEEP,
        /** Gaussian white noise. */
        WHITE_NOISE,
        /** Gaussian noise through a pink (-3 dB per octave) filter. */
        PINK_NOISE,
        /** Karplus-Strong plucked strings ({@link GuitarSynth}): chords and single notes. */
        GUITAR,
        /** Plucked strings under a gain ramp rising linearly in dB from 44 dB below the peak to the peak. */
        GUITAR_RAMP
    }

    /** What a section is for. */
    public enum Role { ALIGNMENT, TRAINING, VALIDATION }

    /**
     * One stretch of the signal.
     *
     * @param name   what a user reads in the docs and reports
     * @param kind   what it plays
     * @param role   alignment, training or validation
     * @param start  first sample
     * @param length samples
     * @param peakDb its peak in dBFS (unused for silence)
     */
    public record Section(String name, Kind kind, Role role, int start, int length, double peakDb) {
        public Section {
            Require.notNull("name", name);
            Require.notNull("kind", kind);
            Require.notNull("role", role);
            Require.nonNegative("start", start);
            Require.atLeastOne("length", length);
            if (!(peakDb >= -120 && peakDb <= 0)) {
                throw new IllegalArgumentException("peakDb must be in [-120, 0], found " + peakDb);
            }
        }

        /** One past the last sample. */
        public int end() {
            return start + length;
        }

        /** The peak as a linear amplitude. */
        public double peak() {
            return StrictMath.pow(10, peakDb / 20);
        }
    }

    /** The longest delay of the recording behind the signal the blips are searched for: 0.5 s. */
    public static final double MAX_LATENCY_SECONDS = 0.5;
    /** The longest the recording may lead the signal (over-compensated interface latency): 0.05 s. */
    public static final double MAX_LEAD_SECONDS = 0.05;

    /** Blip length of every version so far: 1024 samples (21 ms at 48 kHz). */
    public static final int BLIP_SAMPLES = 1024;
    /** Blip peak of every version so far. */
    public static final double BLIP_PEAK_DB = -6;

    /** The longest gap from the start blip to the marker blip of any version: 3 s. */
    public static final double MAX_MARKER_GAP_SECONDS = 3.0;

    /** The current capture signal: version {@value #VERSION_1}, about 2 minutes 20 seconds at 48 kHz. */
    public static final CaptureLayout CURRENT = version1();

    /** Every version this convstream reads, the current one first. */
    public static final List<CaptureLayout> KNOWN = List.of(CURRENT);

    private static final String VERSION_1 = "convstream-capture-1";

    public CaptureLayout {
        Require.notNull("version", version);
        if (!version.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("version must be 1 to 64 letters, digits, '.', '_' or '-', found '" + version + "'");
        }
        Require.inRange("sampleRate", sampleRate, 8_000, 384_000);
        sections = List.copyOf(sections);
        int at = 0;
        for (Section s : sections) {
            if (s.start() != at) {
                throw new IllegalArgumentException("section '" + s.name() + "' must start at sample " + at + ", found " + s.start());
            }
            at = s.end();
        }
        checkShape(sections, sampleRate);
    }

    /** The layout of {@code version}, if this convstream knows it. */
    public static Optional<CaptureLayout> known(String version) {
        return KNOWN.stream().filter(l -> l.version().equals(version)).findFirst();
    }

    /** Samples in the whole signal. */
    public int length() {
        return sections.get(sections.size() - 1).end();
    }

    /** Seconds of the whole signal. */
    public double seconds() {
        return length() / (double) sampleRate;
    }

    /** The first blip. */
    public Section startBlip() {
        return blips().get(0);
    }

    /** The second blip: its distance from the first marks the version ({@link #markerGap()}). */
    public Section markerBlip() {
        return blips().get(1);
    }

    /** The last blip. */
    public Section endBlip() {
        return blips().get(2);
    }

    /** Samples from the start blip's start to the marker blip's: different in every known version. */
    public int markerGap() {
        return markerBlip().start() - startBlip().start();
    }

    /** First sample of the training part. */
    public int trainStart() {
        return first(Role.TRAINING).start();
    }

    /** One past the last sample of the training part. */
    public int trainEnd() {
        return last(Role.TRAINING).end();
    }

    /** First sample of the validation part. */
    public int validationStart() {
        return first(Role.VALIDATION).start();
    }

    /** One past the last sample of the validation part. */
    public int validationEnd() {
        return last(Role.VALIDATION).end();
    }

    /** {@link #MAX_LATENCY_SECONDS} in samples. */
    public int maxLatency() {
        return (int) Math.round(MAX_LATENCY_SECONDS * sampleRate);
    }

    /** {@link #MAX_LEAD_SECONDS} in samples. */
    public int maxLead() {
        return (int) Math.round(MAX_LEAD_SECONDS * sampleRate);
    }

    private List<Section> blips() {
        return sections.stream().filter(s -> s.kind() == Kind.BLIP).toList();
    }

    private Section first(Role role) {
        return sections.stream().filter(s -> s.role() == role).findFirst().orElseThrow();
    }

    private Section last(Role role) {
        Section found = null;
        for (Section s : sections) {
            if (s.role() == role) {
                found = s;
            }
        }
        return found;
    }

    /**
     * Alignment, training, validation, alignment, in that order; three blips of one length: two
     * in the first alignment part, one in the last; the blips' search windows hold only silence
     * (so a blip is never mistaken for its neighbour or for the material).
     */
    private static void checkShape(List<Section> sections, int rate) {
        String order = sections.stream().map(s -> s.role().name().substring(0, 1)).reduce("", String::concat);
        if (!order.matches("A+T+V+A+")) {
            throw new IllegalArgumentException("sections must be alignment, training, validation, alignment in that order"
                    + " (A, T, V), found " + order);
        }
        List<Integer> blips = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).kind() == Kind.BLIP) {
                if (sections.get(i).role() != Role.ALIGNMENT) {
                    throw new IllegalArgumentException("blip '" + sections.get(i).name() + "' must be an alignment section");
                }
                blips.add(i);
            }
        }
        if (blips.size() != 3 || sections.get(blips.get(1)).start() > sections.get(firstOf(sections, Role.TRAINING)).start()
                || sections.get(blips.get(2)).start() < sections.get(firstOf(sections, Role.VALIDATION)).start()) {
            throw new IllegalArgumentException("a layout needs three blips, two before the training part and one after"
                    + " the validation part, found " + blips.size());
        }
        int gap = sections.get(blips.get(1)).start() - sections.get(blips.get(0)).start();
        if (gap > MAX_MARKER_GAP_SECONDS * rate) {
            throw new IllegalArgumentException("the marker blip must start at most " + MAX_MARKER_GAP_SECONDS
                    + " s after the start blip, found " + gap + " samples");
        }
        int blipLength = sections.get(blips.get(0)).length();
        int lead = (int) Math.round(MAX_LEAD_SECONDS * rate);
        int lag = (int) Math.round(MAX_LATENCY_SECONDS * rate);
        for (int b : blips) {
            Section blip = sections.get(b);
            if (blip.length() != blipLength) {
                throw new IllegalArgumentException("every blip must be " + blipLength + " samples long, found "
                        + blip.length() + " in '" + blip.name() + "'");
            }
            requireSilence(sections, blip.start() - lead, blip.start(), "before " + blip.name());
            requireSilence(sections, blip.end(), blip.end() + lag, "after " + blip.name());
        }
    }

    private static int firstOf(List<Section> sections, Role role) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).role() == role) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static void requireSilence(List<Section> sections, int from, int to, String where) {
        int end = sections.get(sections.size() - 1).end();
        if (from < 0 || to > end) {
            throw new IllegalArgumentException("the blip search window " + where + " [" + from + ", " + to
                    + ") must lie inside the signal [0, " + end + ")");
        }
        for (Section s : sections) {
            if (s.kind() != Kind.SILENCE && s.start() < to && s.end() > from) {
                throw new IllegalArgumentException("the blip search window " + where + " [" + from + ", " + to
                        + ") must be silence, but holds '" + s.name() + "'");
            }
        }
    }

    /** Starts a layout; sections are appended back to back. */
    public static Builder builder(String version, int sampleRate, long seed) {
        return new Builder(version, sampleRate, seed);
    }

    /** Appends sections back to back (lengths in seconds, rounded to samples). Not thread-safe. */
    public static final class Builder {
        private final String version;
        private final int sampleRate;
        private final long seed;
        private final List<Section> sections = new ArrayList<>();
        private int at;

        private Builder(String version, int sampleRate, long seed) {
            this.version = version;
            this.sampleRate = sampleRate;
            this.seed = seed;
        }

        /** Appends a section of {@code seconds}. */
        public Builder add(String name, Kind kind, Role role, double seconds, double peakDb) {
            return addSamples(name, kind, role, (int) Math.round(seconds * sampleRate), peakDb);
        }

        /** Appends a section of {@code samples}. */
        public Builder addSamples(String name, Kind kind, Role role, int samples, double peakDb) {
            Section s = new Section(name, kind, role, at, samples, peakDb);
            sections.add(s);
            at = s.end();
            return this;
        }

        /** Appends silence. */
        public Builder silence(String name, Role role, double seconds) {
            return add(name, Kind.SILENCE, role, seconds, 0);
        }

        public CaptureLayout build() {
            return new CaptureLayout(version, sampleRate, seed, sections);
        }
    }

    /**
     * Version 1 (see docs/capture.md for the table): 48 kHz; training: silence, sweeps at three
     * levels, white and pink noise at several levels, plucked strings at six levels and a level
     * ramp; validation: plucked strings at three levels (other seeds than training's).
     */
    private static CaptureLayout version1() {
        Role a = Role.ALIGNMENT;
        Role t = Role.TRAINING;
        Role v = Role.VALIDATION;
        Builder b = builder(VERSION_1, 48_000, 20_261_202L)
                .silence("lead-in", a, 0.5)
                .addSamples("start blip", Kind.BLIP, a, BLIP_SAMPLES, BLIP_PEAK_DB)
                .addSamples("version gap", Kind.SILENCE, a, 36_000 - BLIP_SAMPLES, 0)
                .addSamples("marker blip", Kind.BLIP, a, BLIP_SAMPLES, BLIP_PEAK_DB)
                .silence("settle", a, 1.0)
                .silence("silence", t, 1.0);
        for (double db : new double[] {-30, -12, -1}) {
            b.add("sweep " + (int) db + " dBFS", Kind.SWEEP, t, 4.0, db).silence("gap", t, 0.25);
        }
        for (double db : new double[] {-40, -24, -12, -3}) {
            b.add("white noise " + (int) db + " dBFS", Kind.WHITE_NOISE, t, 1.5, db);
        }
        for (double db : new double[] {-30, -18, -6}) {
            b.add("pink noise " + (int) db + " dBFS", Kind.PINK_NOISE, t, 2.0, db);
        }
        for (double db : new double[] {-30, -24, -18, -12, -6, -1}) {
            b.add("guitar " + (int) db + " dBFS", Kind.GUITAR, t, 14.0, db);
        }
        b.add("guitar ramp to -1 dBFS", Kind.GUITAR_RAMP, t, 12.0, -1)
                .silence("silence", t, 1.0)
                .silence("validation lead-in", v, 0.5);
        for (double db : new double[] {-20, -8, -2}) {
            b.add("validation guitar " + (int) db + " dBFS", Kind.GUITAR, v, 4.0, db);
        }
        return b.silence("settle", a, 0.5)
                .addSamples("end blip", Kind.BLIP, a, BLIP_SAMPLES, BLIP_PEAK_DB)
                .silence("tail", a, 1.5)
                .build();
    }
}
