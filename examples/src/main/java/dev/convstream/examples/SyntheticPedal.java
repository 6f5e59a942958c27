package dev.convstream.examples;

import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import dev.convstream.capture.CaptureSignal;
import dev.convstream.io.OutputPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A "pedal" written in Java, to capture without any gear: pre-emphasis, an asymmetric soft
 * clipper and a tone filter, {@value #LATENCY_SAMPLES} samples late as an interface's round trip
 * would make it. It "records" the capture signal as a user's gear would, so the whole capture
 * workflow (signal, check, train) runs on one machine:
 * <pre>
 *   convstream capture signal -o capture.wav
 *   java ... dev.convstream.examples.SyntheticPedal capture.wav recorded.wav
 *   convstream capture check --input capture.wav --output recorded.wav
 * </pre>
 *
 * <p>The stages, per sample at 48 kHz:
 * <ol>
 *   <li>pre-emphasis {@code u = DRIVE (x[n] - 0.6 x[n-1])}: highs are driven harder than lows
 *       (gain 1.6 at DC, 6.4 at Nyquist), as in an overdrive's mid-hump;</li>
 *   <li>asymmetric soft clipper: {@code tanh(u)} above zero, {@code 0.5 tanh(2u)} below (slope 1
 *       at zero on both sides, clipping at 1 and -0.5): even harmonics as well as odd;</li>
 *   <li>tone filter: a one-pole low-pass at {@value #TONE_HZ} Hz, then the output level.</li>
 * </ol>
 * Each stage's impulse response peaks at its first sample, so the blips' correlation peaks at the
 * added latency (the tone filter's group delay moves the sub-sample estimate by a third of a sample). Thread-safe: no state; {@link #process} is a pure function of its input.
 */
public final class SyntheticPedal {

    /** The round trip the "recording" adds, in samples. */
    public static final int LATENCY_SAMPLES = 5;
    /** Gain into the clipper at DC is {@code DRIVE * 0.4}. */
    public static final double DRIVE = 4;
    public static final double TONE_HZ = 3_000;
    public static final double OUTPUT_LEVEL = 0.5;
    private static final double PRE_EMPHASIS = 0.6;

    private SyntheticPedal() {
    }

    /** The pedal's output for {@code input} at {@code sampleRate}, without the latency. */
    public static float[] process(float[] input, int sampleRate) {
        double b = Math.exp(-2 * Math.PI * TONE_HZ / sampleRate);
        float[] out = new float[input.length];
        double previous = 0;
        double tone = 0;
        for (int i = 0; i < input.length; i++) {
            double u = DRIVE * (input[i] - PRE_EMPHASIS * previous);
            previous = input[i];
            double clipped = u >= 0 ? Math.tanh(u) : 0.5 * Math.tanh(2 * u);
            tone = (1 - b) * clipped + b * tone;
            out[i] = (float) (OUTPUT_LEVEL * tone);
        }
        return out;
    }

    /**
     * What recording the pedal gives: {@link #process} delayed by {@link #LATENCY_SAMPLES}, as long
     * as the input (the capture signal ends in silence, so nothing is lost at the end).
     */
    public static float[] record(float[] input, int sampleRate) {
        float[] wet = process(input, sampleRate);
        float[] out = new float[input.length];
        System.arraycopy(wet, 0, out, LATENCY_SAMPLES, input.length - LATENCY_SAMPLES);
        return out;
    }

    /** Reads the capture signal {@code input} and writes the pedal's recording of it to {@code recorded} (24-bit). */
    public static void record(Path input, Path recorded) throws IOException {
        OutputPaths.requireNotAnInput(recorded, List.of(input));
        AudioFileReader.Decoded d = AudioFileReader.fromEnvironment().read(input);
        int rate = Math.round(d.sampleRate());
        WavWriter.write(recorded, new float[][] {record(d.channels()[0], rate)}, rate, WavWriter.Format.PCM_24);
    }

    /** {@code SyntheticPedal [capture.wav [recorded.wav]]}: writes the capture signal first when it does not exist. */
    public static void main(String[] args) throws IOException {
        Path input = Path.of(args.length > 0 ? args[0] : "capture.wav");
        Path recorded = Path.of(args.length > 1 ? args[1] : "recorded.wav");
        if (!java.nio.file.Files.exists(input)) {
            CaptureSignal.write(input);
            System.out.println("wrote the capture signal " + input);
        }
        record(input, recorded);
        System.out.println("the synthetic pedal recorded " + input + " to " + recorded + " (" + LATENCY_SAMPLES
                + " samples late)");
    }
}
