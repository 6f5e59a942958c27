package dev.convstream.beam;

import dev.convstream.audio.AudioLoader;
import dev.convstream.batch.BatchExtractor;
import dev.convstream.batch.FeatureRecipe;
import dev.convstream.batch.FileJob;
import dev.convstream.batch.InputCollector;
import dev.convstream.batch.OutputFormat;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.LogMelConfig;
import dev.convstream.testing.TestWav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Seconds of audio per second of wall time for the local executor, the Beam direct runner and
 * Flink on a local cluster (1 and 2 slots), on one generated corpus in one run: whole jobs
 * (listing, decode, resample, log-mel, .npy write, manifest), not a kernel, so a plain program
 * rather than JMH (a JMH iteration would have to be a whole job with its engine start-up, which
 * is what is measured here). Each engine first runs the corpus once (JIT warm-up, engine
 * classes loaded), then two timed runs into fresh folders; the best is reported. It lives
 * beside features-beam's tests rather than in {@code benchmarks/} so the JMH jar does not carry
 * Beam and Flink. Arguments: {@code CLIPS SECONDS [ENGINES]}, ENGINES a comma list of
 * {@code local,direct,flink1,flink2} (default: all). Each line also gives the CPU time the JVM
 * spent in the best run (all threads): the engine's overhead as work, apart from idle time.
 * The command is in BENCHMARKS.md ("Feature extraction: local executor vs Beam").
 */
public final class FeaturesThroughput {
    private static final int[] RATES = {16_000, 22_050, 44_100, 48_000};

    private FeaturesThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int clips = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Path root = Files.createTempDirectory("convstream-throughput");
        Path corpus = root.resolve("corpus");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < clips; i++) {
            int rate = RATES[i % RATES.length];
            int channels = 1 + i % 2;
            float[][] planar = new float[channels][(int) (rate * seconds)];
            for (float[] ch : planar) {
                for (int n = 0; n < ch.length; n++) {
                    ch[n] = (float) (0.3 * Math.sin(2 * Math.PI * (200 + 10 * i) * n / rate) + 0.05 * random.nextGaussian());
                }
            }
            TestWav.write(corpus.resolve("c" + i + ".wav"), planar, new AudioFormat(rate, 16, channels, true, false),
                    AudioFileFormat.Type.WAVE);
        }
        double audio = clips * seconds;
        FeatureRecipe recipe = FeatureRecipe.of(FeatureSpec.logMel(LogMelConfig.builder(16_000).build()));
        System.out.printf(Locale.ROOT, "corpus: %d clips x %.1f s = %.0f s of audio (rates %s, 1-2 channels),"
                + " %d cores, JDK %s%n", clips, seconds, audio, java.util.Arrays.toString(RATES),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<String> engines = List.of((args.length > 2 ? args[2] : "local,direct,flink1,flink2").split(","));
        if (engines.contains("local")) {
            report("local executor, 2 threads", audio, out -> new BatchExtractor(
                    new FileJob(recipe.build(), AudioLoader.fromEnvironment(), OutputFormat.NPY, null), out, 2)
                    .run(InputCollector.collect(List.of(corpus.toString())), BatchExtractor.Listener.NONE), root);
        }
        if (engines.contains("direct")) {
            report("Beam direct runner, 2 threads", audio, out -> {
                DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
                o.setRunner(DirectRunner.class);
                o.setTargetParallelism(2);
                new BeamFeatures(recipe, OutputFormat.NPY, out, false, AttemptHook.NONE)
                        .run(List.of(corpus.toString()), null, o, BeamFeatures.Progress.NONE);
            }, root);
        }
        for (int slots : new int[] {1, 2}) {
            if (!engines.contains("flink" + slots)) {
                continue;
            }
            report("Beam Flink local, " + slots + " slot(s)", audio, out ->
                    new BeamFeatures(recipe, OutputFormat.NPY, out, false, AttemptHook.NONE)
                            .run(List.of(corpus.toString()), null,
                                    BeamFeaturesTest.flink(slots, root.resolve("flink-conf"), java.util.Map.of()),
                                    BeamFeatures.Progress.NONE),
                    root);
        }
    }

    private interface Job {
        void run(Path out) throws Exception;
    }

    private static void report(String name, double audio, Job job, Path root) throws Exception {
        String dir = name.replaceAll("[^A-Za-z0-9]+", "-");
        job.run(root.resolve(dir + "-warm-up"));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double best = Double.MAX_VALUE;
        double cpuOfBest = 0;
        for (int i = 0; i < 2; i++) {
            Path out = root.resolve(dir + "-" + i);
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            job.run(out);
            double wall = (System.nanoTime() - t0) / 1e9;
            if (wall < best) {
                best = wall;
                cpuOfBest = (os.getProcessCpuTime() - c0) / 1e9;
            }
        }
        System.out.printf(Locale.ROOT, "%-32s best of 2: %6.2f s wall, %7.1f s of audio per second, %6.2f s CPU%n",
                name, best, audio / best, cpuOfBest);
    }
}
