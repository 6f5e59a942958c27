package dev.convstream.cli.demo;

import dev.convstream.capture.GuitarSynth;
import dev.convstream.check.Require;
import dev.convstream.audio.WavWriter;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.io.AtomicFiles;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.batch.SpectrogramPng;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.io.Npy;
import dev.convstream.kernel.Kernels;
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
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The {@code convstream demo}: a guitar through an amp and a cabinet, with nothing but this jar.
 *
 * <ol>
 *   <li>input: a few seconds of Karplus-Strong plucked strings ({@link GuitarSynth});</li>
 *   <li>amp: a Neural Amp Modeler WaveNet capture (a Darkglass Microtubes 900 v2, clean), run
 *       by the {@code nam} plugin;</li>
 *   <li>cabinet: an impulse response designed here ({@link CabinetIr}), run by the
 *       {@code convolver} plugin (direct head, partitioned FFT tail);</li>
 *   <li>both as one plugin chain built by the host from text, block by block, as
 *       {@code convstream process} and {@code live} run chains; the model and the IR are
 *       written to the output folder ({@code amp.nam}, {@code cabinet.wav}) so the printed
 *       chain can be run again on any file or live;</li>
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
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    private static final int TIMED_PASSES = 3;
    static final int HOP = 256;

    /** Output files, in the order they are written. */
    public record Files(Path inputWav, Path outputWav, Path spectrogramPng, Path inputFeatures, Path outputFeatures,
                        Path model, Path impulseResponse) {
        public List<Path> all() {
            return List.of(inputWav, outputWav, spectrogramPng, inputFeatures, outputFeatures, model, impulseResponse);
        }
    }

    /**
     * What the demo did.
     *
     * @param ampResidual how far the amp is from a plain gain: the part of the amp's output that
     *                    no scalar multiple of the input explains, relative to the output (0 for
     *                    a linear gain)
     * @param seconds     compute time of one pass over the input (amp + cabinet, all blocks), the
     *                    median of three after a second of warm-up
     */
    public record Result(NamFile model, int cabinetTaps, int blockSize, int samples, double driveDb, double ampResidual,
                         double outputGainDb, double seconds, String kernels, String chain, Files files) {

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
     * blocks of {@code blockSize}, through the plugin chain {@link #chain} built by the host,
     * exactly as {@code convstream process} or {@code live} would run it. The chain runs for a
     * second to let the JIT compile it, then three timed passes; the median is reported.
     *
     * @param driveDb gain into the amp (0 dB: the synthesised guitar at a hot DI level, -6 dBFS
     *                peak; more drives the capture into its distortion)
     */
    public static Result run(Path outDir, double seconds, int blockSize, double driveDb) throws IOException {
        Require.atLeastOne("blockSize", blockSize);
        java.nio.file.Files.createDirectories(outDir);
        float[] input = GuitarSynth.render(SAMPLE_RATE, seconds, INPUT_PEAK, 7);
        NamFile model = loadModel();
        Path modelFile = outDir.resolve("amp.nam");
        try (InputStream in = AmpDemo.class.getResourceAsStream(MODEL_RESOURCE)) {
            AtomicFiles.write(modelFile, in::transferTo);
        }
        float[] ir = CabinetIr.design(SAMPLE_RATE, CABINET_TAPS);
        Path irFile = outDir.resolve("cabinet.wav");
        WavWriter.write(irFile, new float[][] {ir}, SAMPLE_RATE, WavWriter.Format.FLOAT_32);
        String chainText = chain(modelFile, irFile, driveDb);

        float[] ampOut;
        float[] output = new float[input.length];
        double elapsed;
        ChainBuilder chains = HostInjector.create().getInstance(ChainBuilder.class);
        try (PluginChain chain = chains.build(chainText)) {
            chain.prepare(new ProcessSpec(SAMPLE_RATE, blockSize, 1));
            // Passes until a second of compute has gone by, so that the timed passes run code the
            // JIT has compiled; then the median of three timed passes (each from reset: the same output).
            long warmUntil = System.nanoTime() + WARM_UP_NANOS;
            do {
                chain.reset();
                run(chain, input, output, blockSize);
            } while (System.nanoTime() < warmUntil);
            double[] passes = new double[TIMED_PASSES];
            for (int i = 0; i < passes.length; i++) {
                chain.reset();
                long start = System.nanoTime();
                run(chain, input, output, blockSize);
                passes[i] = (System.nanoTime() - start) / 1e9;
            }
            java.util.Arrays.sort(passes);
            elapsed = passes[passes.length / 2];
            // The amp alone, for how far it is from a plain gain.
            AudioPlugin amp = chain.get(0);
            amp.reset();
            ampOut = new float[input.length];
            run(amp, input, ampOut, blockSize);
        }

        double gainDb = normalise(output, OUTPUT_PEAK);
        Files files = new Files(outDir.resolve("input.wav"), outDir.resolve("output.wav"),
                outDir.resolve("spectrogram.png"), outDir.resolve("input_logmel.npy"),
                outDir.resolve("output_logmel.npy"), modelFile, irFile);
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
        AtomicFiles.write(files.spectrogramPng(), out -> ImageIO.write(picture, "png", out));
        return new Result(model, ir.length, blockSize, input.length, driveDb, residual(input, ampOut), gainDb, elapsed,
                Kernels.preferred().name(), chainText, files);
    }

    /**
     * The demo's chain: the amp model with the drive as its input gain, then the cabinet, both
     * raw (no loudness or energy normalisation: the output is peak-normalised at the end).
     */
    public static String chain(Path model, Path ir, double driveDb) {
        return String.format(Locale.ROOT, "nam(model=%s, input_gain=%s, normalize=0) -> convolver(ir=%s, normalize=0)",
                model.toAbsolutePath(), driveDb, ir.toAbsolutePath());
    }

    /** {@code in} through {@code plugin} block by block, as an audio callback would run it. */
    private static void run(AudioPlugin plugin, float[] in, float[] out, int block) {
        float[][] buffer = new float[1][block];
        AudioBlock view = new AudioBlock();
        for (int pos = 0; pos < in.length; pos += block) {
            int n = Math.min(block, in.length - pos);
            System.arraycopy(in, pos, buffer[0], 0, n);
            plugin.process(view.set(buffer, 0, n));
            System.arraycopy(buffer[0], 0, out, pos, n);
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
