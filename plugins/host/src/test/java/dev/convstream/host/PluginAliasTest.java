package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginState;
import dev.convstream.plugin.contract.FileScalePlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renamed plugin's former id (an alias) still names it in chain strings, chain JSON and saved states. */
class PluginAliasTest {

    /** The file-scale test plugin, as if it had been renamed from {@code oldscale}. */
    private static final AudioPluginFactory RENAMED = AudioPluginFactory.of(FileScalePlugin.DESCRIPTOR,
            List.of("oldscale"), FileScalePlugin::new);

    private final PluginRegistry registry = new PluginRegistry(Map.of("filescale", RENAMED));
    private final ChainBuilder chains = new ChainBuilder(registry, new ChainJson(new ObjectMapper(), registry));

    @TempDir
    Path dir;

    @Test
    void theRegistryListsIdsAndResolvesAliases() {
        assertEquals(List.of("filescale"), registry.ids());
        assertEquals(Map.of("oldscale", "filescale"), registry.aliases());
        assertEquals("filescale", registry.descriptor("oldscale").id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.factory("newscale"));
        assertTrue(e.getMessage().contains("unknown plugin 'newscale'"), e.getMessage());
    }

    @Test
    void anAliasInAChainStringBuildsThePluginAndIsSavedUnderItsId() throws Exception {
        Path k = Files.writeString(dir.resolve("k.txt"), "0.5");
        try (PluginChain chain = chains.build("oldscale(file=" + k + ", mix=0.25)")) {
            assertEquals("filescale", chain.get(0).descriptor().id());
            assertEquals(0.25, chain.get(0).parameters().get("mix").get());
            assertEquals(k.toString(), chain.get(0).resources().get("file"));
            String json = chains.toJson(chain);
            assertTrue(json.contains("\"filescale\"") && !json.contains("oldscale"), json);
        }
    }

    @Test
    void anAliasInChainJsonAndInSavedStatesBuildsThePlugin() throws Exception {
        Path k = Files.writeString(dir.resolve("k.txt"), "0.5");
        String json = "{\"chain\": [{\"plugin\": \"oldscale\", \"parameters\": {\"mix\": 0.75}, \"resources\": {\"file\": "
                + new ObjectMapper().writeValueAsString(k.toString()) + "}}]}";
        try (PluginChain chain = chains.build(json)) {
            assertEquals(0.75, chain.get(0).parameters().get("mix").get());
        }
        List<PluginState> saved = List.of(new PluginState("oldscale", Map.of("mix", 0.5), Map.of("file", k.toString())));
        try (PluginChain chain = chains.build(saved)) {
            assertEquals("filescale", chain.get(0).descriptor().id());
            assertEquals(0.5, chain.get(0).parameters().get("mix").get());
        }
    }

    @Test
    void anAliasThatNamesAnotherPluginIsRefused() {
        AudioPluginFactory clash = AudioPluginFactory.of(FileScalePlugin.DESCRIPTOR, List.of("gain"), FileScalePlugin::new);
        AudioPluginFactory gain = TestPlugins.registry().factory("gain");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PluginRegistry(Map.of("filescale", clash, "gain", gain)));
        assertTrue(e.getMessage().contains("declares alias 'gain', which already names plugin 'gain'"), e.getMessage());
    }
}
