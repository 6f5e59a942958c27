package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.audio.WavWriter;
import dev.convstream.cli.FeaturesCommandTest.Run;
import dev.convstream.examples.SyntheticPedal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** capture signal -> the synthetic pedal -> capture train -> the model plays in the nam plugin. */
class CaptureTrainCommandTest {
    @TempDir
    static Path dir;
    static Path capture;
    static Path recorded;

    @BeforeAll
    static void recordThePedal() throws Exception {
        capture = dir.resolve("capture.wav");
        recorded = dir.resolve("recorded.wav");
        Run r = FeaturesCommandTest.run("capture", "signal", "-o", capture.toString());
        assertEquals(0, r.code(), r.err());
        SyntheticPedal.record(capture, recorded);
    }

    /**
     * A few steps of nano (what the command does around training, not how well it trains);
     * {@code more} adds options or, for one already there, replaces its value.
     */
    private static List<String> train(Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("capture", "train", "--input", capture.toString(), "--output",
                recorded.toString(), "--arch", "nano", "-o", model.toString(), "--epochs", "1",
                "--steps-per-epoch", "3", "--batch", "2", "--segment", "1024", "--threads", "2"));
        for (int i = 0; i < more.length; i++) {
            int at = args.indexOf(more[i]);
            boolean flag = i + 1 == more.length || more[i + 1].startsWith("--");
            if (at >= 0 && !flag) {
                args.set(at + 1, more[++i]);
            } else {
                args.add(more[i]);
                if (!flag) {
                    args.add(more[++i]);
                }
            }
        }
        return args;
    }

    @Test
    void trainsWritesTheModelReportAndCheckpointAndTheModelPlaysInTheNamPlugin() throws Exception {
        Path model = dir.resolve("pedal.nam");
        Run r = FeaturesCommandTest.run(train(model, "--name", "Synthetic pedal", "--gear-type", "pedal",
                "--tone-type", "overdrive").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("latency") && r.err().contains("epoch 1/1  validation ESR"), r.err());
        assertTrue(Files.size(model) > 0 && Files.size(dir.resolve("pedal.png")) > 0
                && Files.size(dir.resolve("pedal.ckpt")) > 0);
        String json = Files.readString(model);
        assertTrue(json.contains("\"name\" : \"Synthetic pedal\"") || json.contains("\"name\":\"Synthetic pedal\""),
                json.substring(0, Math.min(400, json.length())));
        assertTrue(json.contains("trained_by") && json.contains("convstream 0.1.0"));

        Path out = dir.resolve("played.wav");
        Run play = FeaturesCommandTest.run("process", capture.toString(), out.toString(), "--chain",
                "nam(model=" + model + ")", "--no-progress");
        assertEquals(0, play.code(), play.err());
        float[] y = AudioFileReader.fromEnvironment().read(out).channels()[0];
        double energy = 0;
        for (float v : y) {
            assertTrue(Float.isFinite(v));
            energy += v * v;
        }
        assertTrue(energy > 0, "the model makes sound");

        // the same command again finds the finished run's checkpoint: nothing left to train
        Run again = FeaturesCommandTest.run(train(model).toArray(String[]::new));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resuming from the checkpoint after epoch 1"), again.err());
        // another seed is another run: its checkpoint is refused, --fresh starts again
        Run other = FeaturesCommandTest.run(train(model, "--seed", "9").toArray(String[]::new));
        assertEquals(1, other.code(), other.err());
        assertTrue(other.err().contains("pedal.ckpt: a checkpoint of another training run"), other.err());
        Run fresh = FeaturesCommandTest.run(train(model, "--seed", "9", "--fresh").toArray(String[]::new));
        assertEquals(0, fresh.code(), fresh.err());
    }

    /** {@code convstream args} in a new JVM, output to files in {@code dir}. */
    private static Process spawn(Path where, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:-UsePerfData"));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // the same kernels as this JVM's: results are bit-identical for one kernel family
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConvstreamCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(where.toFile())
                .redirectOutput(where.resolve("stdout.txt").toFile())
                .redirectError(where.resolve("stderr.txt").toFile()).start();
    }

    /** Waits for {@code file} to appear while {@code p} runs. */
    private static void awaitFile(Process p, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (p.isAlive() && !Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(file), file + " never appeared");
    }

    private static JsonNode weights(Path nam) throws Exception {
        return new ObjectMapper().readTree(nam.toFile()).get("weights");
    }

    @Test
    void aKilledRunStartedAgainEndsOnTheModelOfAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight.nam");
        Run r = FeaturesCommandTest.run(train(straight, "--epochs", "2").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());

        Path killedDir = Files.createDirectories(dir.resolve("killed"));
        Path model = killedDir.resolve("amp.nam");
        Process p = spawn(killedDir, train(model, "--epochs", "2"));
        awaitFile(p, killedDir.resolve("amp.ckpt"));
        p.destroyForcibly(); // SIGKILL: no hook runs, as when the machine goes down
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(model), "killed after epoch 1, before the model was written");

        Run resumed = FeaturesCommandTest.run(train(model, "--epochs", "2").toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming from the checkpoint after epoch 1"), resumed.err());
        assertEquals(weights(straight), weights(model), "bit-identical weights");
    }

    @Test
    void terminatingTheProcessWritesTheBestEpochSoFar() throws Exception {
        Path where = Files.createDirectories(dir.resolve("terminated"));
        Path model = where.resolve("amp.nam");
        Process p = spawn(where, train(model, "--epochs", "1000"));
        awaitFile(p, where.resolve("amp.ckpt"));
        p.destroy(); // SIGTERM: the shutdown hook runs, as for Ctrl-C's SIGINT
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the stopped run did not end");
        String err = Files.readString(where.resolve("stderr.txt"));
        assertTrue(err.contains("stopped; " + model + ": best epoch"), err);
        assertTrue(Files.size(model) > 0 && Files.size(where.resolve("amp.png")) > 0, err);
    }

    @Test
    void badOptionValuesAreUsageErrorsNamingThem() {
        Path model = dir.resolve("x.nam");
        Run arch = FeaturesCommandTest.run(train(model, "--arch", "huge").toArray(String[]::new));
        assertEquals(2, arch.code(), arch.err());
        assertTrue(arch.err().contains("architecture must be one of standard, lite, feather, nano, found huge"),
                arch.err());
        Run gear = FeaturesCommandTest.run(train(model, "--gear-type", "synth").toArray(String[]::new));
        assertEquals(2, gear.code(), gear.err());
        assertTrue(gear.err().contains("gear type must be one of amp, pedal"), gear.err());
        Run loss = FeaturesCommandTest.run(train(model, "--loss", "l1").toArray(String[]::new));
        assertEquals(2, loss.code(), loss.err());
        assertTrue(loss.err().contains("loss must be one of esr, esr+mrstft, found l1"), loss.err());
        Run batch = FeaturesCommandTest.run(train(model, "--batch", "0").toArray(String[]::new));
        assertEquals(2, batch.code(), batch.err());
        assertTrue(batch.err().contains("--batch must be >= 1, found 0"), batch.err());
        Run lr = FeaturesCommandTest.run(train(model, "--lr", "-1").toArray(String[]::new));
        assertEquals(2, lr.code(), lr.err());
        assertTrue(lr.err().contains("--lr must be > 0, found -1.0"), lr.err());
        Run notNam = FeaturesCommandTest.run(train(dir.resolve("x.wav")).toArray(String[]::new));
        assertEquals(2, notNam.code(), notNam.err());
        assertTrue(notNam.err().contains("-o must name a .nam file"), notNam.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void aRecordingThatFailsItsChecksIsAFailureAndWritesNothing() throws Exception {
        Path silent = dir.resolve("silent.wav");
        float[] zeros = new float[AudioFileReader.fromEnvironment().read(capture).channels()[0].length];
        WavWriter.write(silent, new float[][] {zeros}, 48_000, WavWriter.Format.PCM_24);
        Path model = dir.resolve("silent.nam");
        List<String> args = train(model);
        args.set(args.indexOf(recorded.toString()), silent.toString());
        Run r = FeaturesCommandTest.run(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(silent.toString()), r.err());
        assertFalse(Files.exists(model));
        assertFalse(Files.exists(dir.resolve("silent.ckpt")));
    }

    @Test
    void aTrainingSectionTooShortForTheBatchIsAFailureNamingTheRecording() {
        Run r = FeaturesCommandTest.run(train(dir.resolve("big.nam"), "--segment", "4000000").toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("training section too short"), r.err());
    }
}
