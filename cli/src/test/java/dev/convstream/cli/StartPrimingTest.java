package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.host.ChainParser;
import dev.convstream.host.HostInjector;
import dev.convstream.host.PluginRegistry;
import dev.convstream.plugin.PluginState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartPrimingTest {

    @Test
    void chainsThatMayRunAWaveNetArePrimed() {
        assertTrue(StartPriming.wanted(new String[] {"process", "in.wav", "out.wav", "--chain", "nam(model=a.nam)"}, null));
        assertTrue(StartPriming.wanted(new String[] {"--verbose", "live", "--chain=gain -> wavenet(model=a.nam)"}, null));
        assertTrue(StartPriming.wanted(new String[] {"demo"}, "true"));
        // the value of --plugins is not the subcommand; a plugin from a folder may run anything
        assertTrue(StartPriming.wanted(new String[] {"--plugins", "info", "process", "a.wav", "b.wav", "--chain",
                "gain -> theirAmp()"}, null));
        // what cannot be read here is primed, as before: the JSON form, text the parser will refuse
        assertTrue(StartPriming.wanted(new String[] {"process", "a.wav", "b.wav", "--chain",
                "{\"chain\": [{\"plugin\": \"gain\"}]}"}, null));
        assertTrue(StartPriming.wanted(new String[] {"process", "a.wav", "b.wav", "--chain", "gain(db=-6"}, null));
    }

    @Test
    void chainsOfShippedPluginsWithoutWaveNetsAreNot() {
        assertFalse(StartPriming.wanted(new String[] {"process", "a.wav", "b.wav", "--chain", "gain"}, null));
        assertFalse(StartPriming.wanted(new String[] {"live", "--block", "48", "--chain",
                "dcblock(cutoff=20) -> convolver(ir=\"my nam) -> nam( cab.wav\", mix=1) -> gain(db=-6)"}, null));
        assertFalse(StartPriming.wanted(new String[] {"live", "--measure-latency"}, null));
    }

    @Test
    void theUnprimedIdsAreTheShippedPluginsWithoutWaveNets() {
        assertEquals(java.util.Set.of(dev.convstream.plugins.gain.GainPlugin.ID,
                dev.convstream.plugins.dcblock.DcBlockPlugin.ID, dev.convstream.plugins.convolver.ConvolverPlugin.ID),
                StartPriming.WITHOUT_WAVENET);
    }

    @Test
    void otherCommandsAndNoCommandAreNot() {
        assertFalse(StartPriming.wanted(new String[] {"info", "process.nam"}, null));
        assertFalse(StartPriming.wanted(new String[] {"features", "a.wav", "--chain", "nam(model=a.nam)"}, null));
        assertFalse(StartPriming.wanted(new String[] {"--help"}, null));
        assertFalse(StartPriming.wanted(new String[0], null));
        assertFalse(StartPriming.wanted(new String[] {"--plugins", "process"}, null));
    }

    @Test
    void thePropertyTurnsItOff() {
        assertFalse(StartPriming.wanted(new String[] {"process", "a.wav", "b.wav", "--chain", "nam(model=a.nam)"}, "false"));
        assertFalse(StartPriming.wanted(new String[] {"demo"}, "FALSE"));
    }

    /**
     * The ids as the host's chain parser reads them (the same chains through both): quoted values
     * may hold '->', ')' and ids; bare ones a quote. A grammar change there that this lexer misses
     * fails here, rather than quietly priming (or not) the wrong chains.
     */
    @Test
    void pluginIdsAreTheChainParsersIds() {
        ChainParser parser = new ChainParser(HostInjector.create().getInstance(PluginRegistry.class));
        for (String chain : List.of(
                " gain -> convolver(ir='a -> nam(b).wav', mix = 0.5) ->nam(model=it's.nam)",
                "dcblock()",
                "gain(db=-6)->dcblock( cutoff = 20 )->wavenet(model=\"x, y).nam\")",
                "convolver(ir=\"my cab.wav\", mix=1, ir_gain=-3)")) {
            assertEquals(parser.parse(chain).stream().map(PluginState::pluginId).toList(), StartPriming.pluginIds(chain), chain);
        }
    }

    @Test
    void textThatIsNotOfTheChainGrammarHasNoIds() {
        assertNull(StartPriming.pluginIds(""));
        assertNull(StartPriming.pluginIds("gain ->"));
        assertNull(StartPriming.pluginIds("gain dcblock"));
        assertNull(StartPriming.pluginIds("convolver(ir=\"unterminated)"));
    }
}
