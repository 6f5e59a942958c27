package dev.convstream.cli.demo;

import dev.convstream.audio.WavWriter;
import dev.convstream.batch.SpectrogramPng;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.io.Npy;
import dev.convstream.kernel.Kernels;
import dev.convstream.model.Fir;
import dev.convstream.model.StreamingModel;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The {@code convstream demo}: a guitar through an amp and a cabinet, with nothing but this jar.
 *
 * <ol>
 *   <li>input: a few seconds of Karplus-Strong plucked strings ({@link GuitarSynth});</li>
 *   <li>amp: a Neural Amp Modeler WaveNet capture (a Darkglass Microtubes 900 v2, clean), run
 *       block by block by conv-core's
 *       streaming {@link dev.convstream.model.WaveNet};</li>
 *   <li>cabinet: an impulse response designed here ({@link CabinetIr}), run block by block as a
 *       causal streaming Conv1d ({@link Fir});</li>
 *   <li>outputs: {@code input.wav}, {@code output.wav} (peak-normalised to -1 dBFS),
 *       {@code spectrogram.png} (log-mel of input and output), {@code input_logmel.npy} and
 *       {@code output_logmel.npy} ({@code [1][1][frames][128]}, dB).</li>
 * </ol>
 *
 * <p>Credit: the amp model {@code wavenet.nam} (a resource next to this class) is
 * from the NeuralAmpModelerCore repository by Steven Atkinson (commit daae2d0b), MIT license;
 * the license text is the resource {@code LICENSE.NeuralAmpModelerCore} beside it.
 */
public final class AmpDemo {

    public static final int SAMPLE_RATE = 48_000;
    public static final String MODEL_RESOURCE = "wavenet.nam";
    /** Low-pass taps of the cabinet: a 5 kHz cutoff needs about this many for a sharp edge at 48 kHz. */
    public static final int CABINET_TAPS = 255;
    /** Peak of the synthesised guitar: a hot DI signal. */
    static final double INPUT_PEAK = 0.5;
    static final float OUTPUT_PEAK = (float) Math.pow(10, -1 / 20.0);
    /** Default gain into the amp, see {@link #run}. */
    public static final double DEFAULT_DRIVE_DB = 0;
    static final int MELS = 128;
    static final int HOP = 256;

    /** Output files, in the order they are written. */
    public record Files(Path inputWav, Path outputWav, Path spectrogramPng, Path inputFeatures, Path outputFeatures) {
        public List<Path> all() {
            return List.of(inputWav, outputWav, spectrogramPng, inputFeatures, outputFeatures);
        }
    }

    /**
     * What the demo did.
     *
     * @param ampResidual how far the amp is from a plain gain: the part of the amp's output that
     *                    no scalar multiple of the input explains, relative to the output (0 for
     *                    a linear gain)
     * @param seconds     compute time of the timed pass (amp + cabinet, all blocks)
     */
    public record Result(NamFile model, int cabinetTaps, int blockSize, int samples, double driveDb, double ampResidual,
                         double outputGainDb, double seconds, String kernels, Files files) {

        /** Seconds of audio processed per second of compute. */
        public double realTimeFactor() {
            return samples / (double) SAMPLE_RATE / seconds;
        }
    }

    private AmpDemo() {
    }

    /** The embedded amp model. */
    public static NamFile loadModel() {
        try (InputStream in = AmpDemo.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + MODEL_RESOURCE + " is missing from the class path");
            }
            return new NamLoader().read(in, MODEL_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the demo into {@code outDir} (created if needed) on {@code seconds} of input, in
     * blocks of {@code blockSize}. The chain runs twice: once to let the JIT compile it, then
     * the timed pass whose output is written.
     *
     * @param driveDb gain into the amp (0 dB: the synthesised guitar at a hot DI level, -6 dBFS
     *                peak; more drives the capture into its distortion)
     */
    public static Result run(Path outDir, double seconds, int blockSize, double driveDb, Kernels kernels)
            throws IOException {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, found " + blockSize);
        }
        java.nio.file.Files.createDirectories(outDir);
        float[] input = GuitarSynth.render(SAMPLE_RATE, seconds, INPUT_PEAK, 7);
        NamFile model = loadModel();
        StreamingModel amp = model.newModel(kernels);
        float[] ir = CabinetIr.design(SAMPLE_RATE, CABINET_TAPS);
        StreamingModel cabinet = new Fir(ir, null, kernels);
        amp.prepare(blockSize);
        cabinet.prepare(blockSize);

        float[] driven = input.clone();
        float drive = (float) Math.pow(10, driveDb / 20);
        for (int i = 0; i < driven.length; i++) {
            driven[i] *= drive;
        }
        float[] ampOut = new float[input.length];
        float[] output = new float[input.length];
        runChain(amp, cabinet, driven, ampOut, output, blockSize); // JIT warm-up pass
        amp.reset();
        cabinet.reset();
        long start = System.nanoTime();
        runChain(amp, cabinet, driven, ampOut, output, blockSize);
        double elapsed = (System.nanoTime() - start) / 1e9;

        double gainDb = normalise(output, OUTPUT_PEAK);
        Files files = new Files(outDir.resolve("input.wav"), outDir.resolve("output.wav"),
                outDir.resolve("spectrogram.png"), outDir.resolve("input_logmel.npy"),
                outDir.resolve("output_logmel.npy"));
        WavWriter.write(files.inputWav(), new float[][] {input}, SAMPLE_RATE, WavWriter.Format.PCM_16);
        WavWriter.write(files.outputWav(), new float[][] {output}, SAMPLE_RATE, WavWriter.Format.PCM_16);
        LogMelConfig melConfig = LogMelConfig.builder(SAMPLE_RATE).nMels(MELS).hop(HOP).build();
        LogMelSpectrogram logMel = new LogMelSpectrogram(melConfig);
        Tensor inMel = logMel.compute(input, SAMPLE_RATE);
        Tensor outMel = logMel.compute(output, SAMPLE_RATE);
        Npy.write(files.inputFeatures(), inMel);
        Npy.write(files.outputFeatures(), outMel);
        BufferedImage picture = SpectrogramPng.stacked(melConfig, List.of(
                Map.entry("input: synthesised guitar (Karplus-Strong)", inMel),
                Map.entry("output: NAM WaveNet amp capture -> designed cabinet IR", outMel)));
        ImageIO.write(picture, "png", files.spectrogramPng().toFile());
        return new Result(model, ir.length, blockSize, input.length, driveDb, residual(input, ampOut), gainDb, elapsed,
                kernels.name(), files);
    }

    /** amp then cabinet, block by block, as an audio callback would. */
    private static void runChain(StreamingModel amp, StreamingModel cabinet, float[] in, float[] ampOut, float[] out,
                                 int block) {
        for (int pos = 0; pos < in.length; pos += block) {
            int n = Math.min(block, in.length - pos);
            amp.process(in, pos, ampOut, pos, n);
            cabinet.process(ampOut, pos, out, pos, n);
        }
    }

    /** Scales {@code x} in place to peak {@code peak}; returns the gain in dB. */
    static double normalise(float[] x, float peak) {
        float max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
            return 0;
        }
        float g = peak / max;
        for (int i = 0; i < x.length; i++) {
            x[i] *= g;
        }
        return 20 * Math.log10(g);
    }

    /** {@code ||y - a x|| / ||y||} with the least-squares {@code a}: 0 when y is a gain times x. */
    static double residual(float[] x, float[] y) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            xy += (double) x[i] * y[i];
            xx += (double) x[i] * x[i];
            yy += (double) y[i] * y[i];
        }
        if (yy == 0) {
            return 0;
        }
        double a = xx == 0 ? 0 : xy / xx;
        return Math.sqrt(Math.max(0, yy - a * xy) / yy);
    }
}
