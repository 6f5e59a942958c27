package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStateTest {

    private final ChainBuilder chains = TestPlugins.injector().getInstance(ChainBuilder.class);

    @TempDir
    Path dir;

    @Test
    void savedChainStateRestoresParametersResourcesAndSound() throws Exception {
        Path factor = Files.writeString(dir.resolve("k.txt"), "0.25");
        String json;
        float[] expected;
        try (PluginChain chain = chains.build("gain(db=-3) -> filescale(file=" + factor + ", mix=0.5)")) {
            chain.get(0).parameters().get("db").set(-7.5); // changed after building: saved too
            json = chains.toJson(chain);
            expected = run(chain);
        }
        assertTrue(json.contains("-7.5") && json.contains(factor.toString()), json);
        try (PluginChain restored = chains.build(json)) {
            assertEquals(-7.5, restored.get(0).parameters().get("db").get());
            assertEquals(0.5, restored.get(1).parameters().get("mix").get());
            assertEquals(factor.toString(), restored.get(1).resources().get("file"));
            assertEquals(0, Arrays.compare(expected, run(restored)), "restored chain sounds the same");
        }
    }

    @Test
    void bypassIsSavedInTheChainJsonAndRestored() throws Exception {
        String json;
        float[] expected;
        try (PluginChain chain = chains.build("gain(db=-12) -> gain(db=-6)")) {
            chain.setBypassed(1, true);
            json = chains.toJson(chain);
            expected = run(chain);
        }
        assertEquals(1, json.split("\"bypassed\"", -1).length - 1, "written for the bypassed plugin only: " + json);
        assertTrue(json.replaceAll("\\s", "").contains("\"bypassed\":true"), json);
        try (PluginChain restored = chains.build(json)) {
            assertEquals(false, restored.isBypassed(0));
            assertEquals(true, restored.isBypassed(1));
            // From the first sample: a restored bypass starts bypassed, without a fade in.
            assertEquals(0, Arrays.compare(expected, run(restored)), "restored chain sounds the same");
            assertEquals(json, chains.toJson(restored), "a second save is the same document");
        }
        try (PluginChain plain = chains.build("gain(db=-12)")) {
            float[] alone = run(plain);
            assertEquals(0, Arrays.compare(alone, expected), "the bypassed -6 dB gain is not heard");
        }
    }

    @Test
    void aChainJsonWithoutBypassLoadsWithEveryPluginRunning() {
        String old = "{\"chain\": [{\"plugin\": \"gain\", \"parameters\": {\"db\": -6}}, {\"plugin\": \"gain\"}]}";
        try (PluginChain chain = chains.build(old)) {
            assertEquals(false, chain.isBypassed(0));
            assertEquals(false, chain.isBypassed(1));
        }
        String explicit = "{\"chain\": [{\"plugin\": \"gain\", \"bypassed\": false}]}";
        try (PluginChain chain = chains.build(explicit)) {
            assertEquals(false, chain.isBypassed(0));
            assertTrue(!chains.toJson(chain).contains("bypassed"), "false is written as nothing");
        }
        ChainException bad = assertThrows(ChainException.class,
                () -> chains.build("{\"chain\": [{\"plugin\": \"gain\", \"bypassed\": \"maybe\"}]}"));
        assertTrue(bad.getMessage().contains("chain JSON"), bad.getMessage());
    }

    @Test
    void resourceThatCannotBeLoadedIsNamedWithItsPlugin() {
        ChainException e = assertThrows(ChainException.class,
                () -> chains.build("gain -> filescale(file=" + dir.resolve("missing.txt") + ")"));
        assertTrue(e.getMessage().contains("plugin 2 'filescale'") && e.getMessage().contains("missing.txt"),
                e.getMessage());
    }

    /**
     * A plugin's resource is replaced from the main thread while another thread processes:
     * every block uses exactly one resource (no torn block), no block is lost, and the last
     * resource set is the one in use at the end.
     */
    @Test
    void resourceSwappedWhileAudioRunsNeverTearsABlockOrLosesOne() throws Exception {
        Path two = Files.writeString(dir.resolve("two.txt"), "2");
        Path three = Files.writeString(dir.resolve("three.txt"), "3");
        try (PluginChain chain = chains.build("filescale(file=" + two + ")")) {
            int block = 64;
            chain.prepare(new ProcessSpec(48_000, block, 1));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> violation = new AtomicReference<>();
            long[] blocks = new long[1];
            float[] lastValue = new float[1];
            Thread audio = new Thread(() -> {
                float[][] buf = new float[1][block];
                AudioBlock view = new AudioBlock();
                int tail = 0;
                while (tail < 20) {
                    if (stop.get()) {
                        tail++;
                    }
                    Arrays.fill(buf[0], 1f);
                    chain.process(view.set(buf, 0, block));
                    float v = buf[0][0];
                    for (float x : buf[0]) {
                        if (x != v) {
                            violation.compareAndSet(null, "torn block: " + v + " and " + x);
                        }
                    }
                    if (v != 2f && v != 3f) {
                        violation.compareAndSet(null, "unexpected gain " + v);
                    }
                    lastValue[0] = v;
                    blocks[0]++;
                }
            }, "test-audio");
            audio.start();
            for (int i = 0; i < 200; i++) {
                chain.get(0).setResource("file", (i % 2 == 0 ? three : two).toString());
            }
            chain.get(0).setResource("file", three.toString());
            stop.set(true);
            audio.join(10_000);
            assertNull(violation.get(), violation.get());
            assertEquals(3f, lastValue[0], "the last resource set is in use");
            assertTrue(blocks[0] >= 20, "blocks processed: " + blocks[0]);
        }
    }

    private static float[] run(AudioPlugin chain) {
        float[][] x = {new float[300]};
        for (int i = 0; i < 300; i++) {
            x[0][i] = (float) Math.sin(i * 0.05);
        }
        chain.prepare(new ProcessSpec(48_000, 64, 1));
        AudioBlock view = new AudioBlock();
        for (int pos = 0; pos < 300; pos += 64) {
            chain.process(view.set(x, pos, Math.min(64, 300 - pos)));
        }
        return x[0];
    }
}
