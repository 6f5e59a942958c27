package dev.convstream.capture;

import static dev.convstream.capture.TestCaptures.OTHER;
import static dev.convstream.capture.TestCaptures.RATE;
import static dev.convstream.capture.TestCaptures.SHORT;
import static dev.convstream.capture.TestCaptures.delay;
import static dev.convstream.capture.TestCaptures.gear;
import static dev.convstream.capture.TestCaptures.noise;
import static dev.convstream.capture.TestCaptures.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of {@link CaptureAlignment} against recordings synthesised here: the capture
 * signal through a gear stand-in ({@link TestCaptures#gear}), delayed, then spoiled one way per
 * test. The short test layouts keep each case to a few hundred milliseconds.
 */
class CaptureAlignmentTest {

    /** Half a 24-bit step: what writing the recording changes in a sample. */
    private static final double PCM24 = 0.5 / (1 << 23) + 1e-9;
    private static final List<CaptureLayout> KNOWN = List.of(SHORT, OTHER);

    @TempDir
    Path dir;
    private Path input;
    private float[] signal;

    @BeforeEach
    void writeTheSignal() throws Exception {
        input = dir.resolve("capture.wav");
        CaptureSignal.write(input, SHORT);
        signal = CaptureSignal.render(SHORT);
    }

    private CaptureReport check(float[] recording) throws Exception {
        return check(recording, OptionalInt.empty());
    }

    private CaptureReport check(float[] recording, OptionalInt latency) throws Exception {
        return CaptureAlignment.check(input, wav(dir.resolve("recorded.wav"), recording, RATE), latency, KNOWN);
    }

    private String failure(float[] recording) {
        return assertThrows(CaptureException.class, () -> check(recording)).getMessage();
    }

    /** The gear's output {@code lag} samples late, as long as the signal, over a -90 dBFS noise floor. */
    private float[] recording(int lag) {
        return noise(delay(gear(signal, 2), lag, signal.length), 3e-5, 1);
    }

    @Test
    void theLatencyIsFoundFromTheBlipsAndTakenOut() throws Exception {
        float[] y = recording(37);
        CaptureReport r = check(y);
        AlignedCapture a = r.aligned();
        // found 37, one sample left in for safety
        assertEquals(36, a.latencySamples());
        assertEquals(37, r.startLatency(), 0.05);
        assertEquals(37, r.endLatency(), 0.05);
        assertTrue(r.startCorrelation() > 0.8, "correlation " + r.startCorrelation());
        assertEquals(RATE, a.sampleRate());
        assertEquals("test-short", a.signalVersion());
        assertEquals(SHORT.trainEnd() - SHORT.trainStart(), a.trainInput().length);
        assertEquals(SHORT.validationEnd() - SHORT.validationStart(), a.validationTarget().length);
        float[] gear = gear(signal, 2);
        for (int i = 0; i < a.trainInput().length; i++) {
            int t = SHORT.trainStart() + i;
            assertEquals(signal[t], a.trainInput()[i], PCM24, "train input " + i);
            // sample i of the target is what the gear made of sample i - 1 of the input (the safety
            // sample), plus the noise floor (6 sigma)
            assertEquals(gear[t - 1], a.trainTarget()[i], 3e-5 * 6, "train target " + i);
        }
        for (int i = 0; i < a.validationInput().length; i++) {
            int v = SHORT.validationStart() + i;
            assertEquals(signal[v], a.validationInput()[i], PCM24);
            assertEquals(y[v + 36], a.validationTarget()[i], PCM24);
        }
    }

    @Test
    void aFilteringGearsGroupDelayCountsAsLatencyTheSameAtBothEnds() throws Exception {
        float[] y = noise(delay(TestCaptures.darkGear(signal, 2), 37, signal.length), 3e-5, 6);
        CaptureReport r = check(y);
        // The low-pass delays low frequencies by 0.67 samples: the correlation peak moves by a
        // fraction of a sample, alike at both blips.
        assertEquals(37.6, r.startLatency(), 0.3);
        assertEquals(r.startLatency(), r.endLatency(), 0.05);
        assertEquals((int) Math.round(r.startLatency()) - CaptureAlignment.SAFETY_SAMPLES, r.aligned().latencySamples());
    }

    @Test
    void anInvertingGearIsAlignedToo() throws Exception {
        float[] y = recording(37);
        for (int i = 0; i < y.length; i++) {
            y[i] = -y[i];
        }
        CaptureReport r = check(y);
        assertEquals(37, r.startLatency(), 0.05);
        assertEquals(36, r.aligned().latencySamples());
    }

    @Test
    void aRecordingThatLeadsThePlaybackIsAlignedToo() throws Exception {
        assertEquals(-21, check(recording(-20)).aligned().latencySamples());
    }

    @Test
    void aGivenLatencyIsUsedAndTheBlipsAreNot() throws Exception {
        float[] y = recording(37);
        CaptureReport r = check(y, OptionalInt.of(40));
        assertTrue(r.latencyOverridden());
        assertTrue(Double.isNaN(r.startLatency()));
        assertEquals(40, r.aligned().latencySamples());
        assertEquals(y[SHORT.trainStart() + 40], r.aligned().trainTarget()[0], PCM24);
        // A latency given for a recording whose blips are gone is still honoured.
        float[] noBlips = y.clone();
        Arrays.fill(noBlips, 0, SHORT.markerBlip().end() + 100, 0f);
        assertEquals(37, check(noBlips, OptionalInt.of(37)).aligned().latencySamples());
    }

    @Test
    void aGivenLatencyThatPutsThePartsOutsideTheRecordingIsRefused() {
        String m = assertThrows(CaptureException.class, () -> check(recording(0), OptionalInt.of(60_000))).getMessage();
        assertTrue(m.contains("recorded.wav: a latency of 60000 samples puts the training and validation parts"), m);
    }

    @Test
    void differentSampleRatesAreRefused() throws Exception {
        Path r = wav(dir.resolve("recorded.wav"), recording(5), 44_100);
        String m = assertThrows(CaptureException.class,
                () -> CaptureAlignment.check(input, r, OptionalInt.empty(), KNOWN)).getMessage();
        assertEquals(r + ": recorded at 44100 Hz, but capture.wav is 48000 Hz: record at 48000 Hz"
                + " (the rate the model will run at)", m);
    }

    @Test
    void lengthsWithinHalfASecondPassAndBeyondItAreRefused() throws Exception {
        float[] y = recording(5);
        int tolerance = (int) (CaptureAlignment.LENGTH_TOLERANCE_SECONDS * RATE);
        assertEquals(4, check(Arrays.copyOf(y, y.length + tolerance)).aligned().latencySamples());
        assertEquals(4, check(Arrays.copyOf(y, y.length - tolerance)).aligned().latencySamples());
        String longer = failure(Arrays.copyOf(y, y.length + tolerance + 1));
        assertTrue(longer.contains(String.format("recorded.wav: %,d samples", y.length + tolerance + 1)), longer);
        assertTrue(longer.contains("they may differ by 0.5 s at most"), longer);
        String shorter = failure(Arrays.copyOf(y, y.length - tolerance - 1));
        assertTrue(shorter.contains("they may differ by 0.5 s at most"), shorter);
    }

    @Test
    void aClippedRecordingIsRefusedAndSingleFullScalePeaksAreNot() throws Exception {
        float[] y = recording(5);
        float[] peaks = y.clone();
        int at = SHORT.trainStart() + 1_000;
        peaks[at] = 1f;
        peaks[at + 1] = -1f;
        peaks[at + 2] = 1f; // three in a row: below the run of four
        assertEquals(4, check(peaks).aligned().latencySamples());

        float[] clipped = y.clone();
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.max(-1f, Math.min(1f, 4 * clipped[i]));
        }
        String m = failure(clipped);
        assertTrue(m.startsWith(dir.resolve("recorded.wav") + ": clipped: "), m);
        assertTrue(m.contains("of 4 or more samples at full scale (|x| >= 0.999)"), m);
        assertTrue(m.contains("lower the level"), m);
    }

    @Test
    void aSilentRecordingIsRefused() {
        String zero = failure(new float[signal.length]);
        assertTrue(zero.endsWith("recorded.wav: silent: its peak is -inf dBFS (digital silence), below -60 dBFS;"
                + " check the cables, the interface's input and the gear's volume"), zero);
        float[] hiss = noise(new float[signal.length], 1e-4, 2); // about -62 dBFS peak
        assertTrue(failure(hiss).contains(": silent: its peak is -6"), failure(hiss));
    }

    @Test
    void aRecordingWithoutBlipsOrTooLateHasNoLatency() {
        float[] hiss = noise(new float[signal.length], 0.05, 3);
        String m = failure(hiss);
        assertTrue(m.contains("recorded.wav: latency not found: no start blip within 50 ms before to 500 ms after"), m);
        assertTrue(m.contains("needs 0.30"), m);
        assertTrue(m.contains("(--latency SAMPLES)"), m);
        String late = failure(recording((int) (0.6 * RATE)));
        assertTrue(late.contains("latency not found"), late);
    }

    @Test
    void aRecordingCutBeforeTheEndBlipIsRefused() {
        float[] y = recording(5);
        Arrays.fill(y, SHORT.endBlip().start() - 100, y.length, 0f);
        String m = failure(y);
        assertTrue(m.contains("latency not found: no end blip"), m);
        assertTrue(m.contains("was the recording stopped early?"), m);
    }

    @Test
    void aRecordingOnAnotherClockDrifts() {
        // A recorder 200 ppm slow: a blip centred on sample c of the signal is found centred on
        // (c + 10) / 1.0002 of the recording: a latency of 5.1 at the start, -53.2 at the end.
        double ratio = 1 + 200e-6;
        float[] y = TestCaptures.drift(recording(10), ratio);
        String m = failure(y);
        java.util.regex.Matcher found = java.util.regex.Pattern.compile(
                "recorded\\.wav: the latency drifts: (\\S+) samples at the start blip, (\\S+) at the end blip 6\\.1 s later"
                        + " \\(-199\\.9 ppm; at most 1\\.0 samples apart\\)").matcher(m);
        assertTrue(found.find(), m);
        int half = CaptureLayout.BLIP_SAMPLES / 2;
        double start = SHORT.startBlip().start() + half;
        double end = SHORT.endBlip().start() + half;
        assertEquals((start + 10) / ratio - start, Double.parseDouble(found.group(1)), 0.1);
        assertEquals((end + 10) / ratio - end, Double.parseDouble(found.group(2)), 0.1);
        assertTrue(m.contains("play and record through one interface"), m);
    }

    @Test
    void aSmallDriftWithinASampleIsAccepted() throws Exception {
        // 0.1 ppm: 0.03 samples over the signal
        assertEquals(9, check(TestCaptures.drift(recording(10), 1 + 0.1e-6)).aligned().latencySamples());
    }

    @Test
    void aRecordingOfAnotherVersionIsNamed() {
        float[] y = noise(delay(gear(CaptureSignal.render(OTHER), 2), 5, signal.length), 3e-5, 4);
        String m = failure(y);
        assertTrue(m.contains("recorded.wav: a recording of capture signal version test-other, not of capture.wav"
                + " (version test-short): its second blip is 48,000 samples after the first, capture.wav (version"
                + " test-short) puts it 36,000 after; record capture.wav again"), m);
        // A version this convstream does not know is still told apart from a broken recording.
        String unknown = assertThrows(CaptureException.class, () -> CaptureAlignment.check(input,
                wav(dir.resolve("recorded.wav"), y, RATE), OptionalInt.empty(), List.of(SHORT))).getMessage();
        assertTrue(unknown.contains("a recording of another capture signal version than capture.wav (version test-short)"),
                unknown);
    }

    @Test
    void anInputThatIsNotACaptureSignalIsRefused() throws Exception {
        Path r = wav(dir.resolve("recorded.wav"), recording(5), RATE);
        Path plain = dir.resolve("plain.wav");
        WavWriter.write(plain, new float[][] {signal}, RATE, WavWriter.Format.PCM_24);
        String m = assertThrows(CaptureException.class, () -> CaptureAlignment.check(plain, r, OptionalInt.empty(), KNOWN))
                .getMessage();
        assertEquals(plain + ": not a convstream capture signal (no capture signal version in its WAV metadata);"
                + " write one with 'convstream capture signal -o plain.wav' and record that", m);

        Path text = dir.resolve("text.wav");
        Files.writeString(text, "not audio");
        String t = assertThrows(CaptureException.class, () -> CaptureAlignment.check(text, r, OptionalInt.empty(), KNOWN))
                .getMessage();
        assertTrue(t.startsWith(text + ": not a convstream capture signal (not a WAV file"), t);

        String v = assertThrows(CaptureException.class, () -> CaptureAlignment.check(input, r, OptionalInt.empty(),
                List.of(OTHER))).getMessage();
        assertTrue(v.startsWith(input + ": capture signal version 'test-short' is not one this convstream knows"
                + " (it knows test-other)"), v);

        Path edited = dir.resolve("edited.wav");
        float[] cut = signal.clone();
        Arrays.fill(cut, SHORT.markerBlip().start(), SHORT.markerBlip().end(), 0f);
        CaptureSignal.write(edited, SHORT, cut);
        String e = assertThrows(CaptureException.class, () -> CaptureAlignment.check(edited, r, OptionalInt.empty(), KNOWN))
                .getMessage();
        assertTrue(e.startsWith(edited + ": no marker blip at sample 60000 where capture signal version test-short has it:"
                + " edited or resaved?"), e);
    }

    @Test
    void aStereoRecordingIsRefused() throws Exception {
        float[] y = recording(5);
        Path r = dir.resolve("stereo.wav");
        WavWriter.write(r, new float[][] {y, y}, RATE, WavWriter.Format.PCM_24);
        String m = assertThrows(CaptureException.class, () -> CaptureAlignment.check(input, r, OptionalInt.empty(), KNOWN))
                .getMessage();
        assertEquals(r + ": 2 channels; a capture is mono: export the one channel your gear was recorded on", m);
    }

    @Test
    void theCurrentSignalThroughTheGearAlignsWithThePublicApi() throws Exception {
        Path in = dir.resolve("current.wav");
        CaptureSignal.write(in);
        float[] x = CaptureSignal.render(CaptureLayout.CURRENT);
        Path r = wav(dir.resolve("current-recorded.wav"), noise(delay(gear(x, 3), 5, x.length), 3e-5, 5), RATE);
        AlignedCapture a = CaptureAlignment.align(in, r, OptionalInt.empty());
        assertEquals(4, a.latencySamples());
        assertEquals(CaptureLayout.CURRENT.version(), a.signalVersion());
        assertEquals(CaptureLayout.CURRENT.trainEnd() - CaptureLayout.CURRENT.trainStart(), a.trainTarget().length);
        assertEquals(CaptureLayout.CURRENT.validationEnd() - CaptureLayout.CURRENT.validationStart(), a.validationInput().length);
    }
}
