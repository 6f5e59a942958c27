package dev.convstream.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.PluginState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainParserTest {

    /** gain and dcblock as bundled, plus filescale, which has a resource (like the convolver). */
    private final com.google.inject.Injector injector = TestPlugins.injector();
    private final ChainParser parser = new ChainParser(injector.getInstance(PluginRegistry.class));
    private final ChainJson json = injector.getInstance(ChainJson.class);

    @Test
    void textFormListsPluginsInOrderWithParametersAndResources() {
        List<PluginState> chain = parser.parse(
                " gain(db=-6) -> dcblock() ->filescale( file = \"my cab.wav\", mix=0.5 ) -> gain");
        assertEquals(List.of("gain", "dcblock", "filescale", "gain"), chain.stream().map(PluginState::pluginId).toList());
        assertEquals(Map.of("db", -6.0), chain.get(0).parameters());
        assertEquals(Map.of(), chain.get(1).parameters());
        assertEquals(Map.of("mix", 0.5), chain.get(2).parameters());
        assertEquals(Map.of("file", "my cab.wav"), chain.get(2).resources());
    }

    @Test
    void unquotedResourceValueRunsToTheNextCommaOrParenthesis() {
        List<PluginState> chain = parser.parse("filescale(file=/tmp/cab-1.wav)");
        assertEquals("/tmp/cab-1.wav", chain.get(0).resources().get("file"));
    }

    @Test
    void unknownPluginIsNamedWithItsPositionAndTheKnownPlugins() {
        ChainException e = assertThrows(ChainException.class, () -> parser.parse("gain(db=1) -> reverbb(x=1)"));
        assertMessage(e, "plugin 2", "'reverbb'", "known plugins", "gain", "column 15");
    }

    @Test
    void unknownParameterIsNamedWithThePluginsParameters() {
        ChainException e = assertThrows(ChainException.class, () -> parser.parse("gain(gain=3)"));
        assertMessage(e, "plugin 1 'gain'", "'gain'", "parameters: [db]");
    }

    @Test
    void outOfRangeValueNamesParameterRangeAndValue() {
        ChainException e = assertThrows(ChainException.class, () -> parser.parse("dcblock(cutoff=5000)"));
        assertMessage(e, "'dcblock'", "'cutoff'", "[1.0, 200.0]", "found 5000.0");
    }

    @Test
    void nonNumericParameterValueIsNamed() {
        ChainException e = assertThrows(ChainException.class, () -> parser.parse("gain(db=loud)"));
        assertMessage(e, "'gain'", "parameter 'db' expects a number, found 'loud'");
    }

    @Test
    void syntaxErrorsSayWhatWasExpected() {
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("")), "empty chain");
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("gain(db=1")), "expected ',' or ')'");
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("gain(db)")), "expected '=' after 'db'");
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("gain -> ")), "expected plugin id");
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("gain(db=1, db=2)")), "'db' given twice");
        assertMessage(assertThrows(ChainException.class, () -> parser.parse("gain dcblock")), "expected '->'");
    }

    @Test
    void jsonFormReadsTheSameChain() {
        List<PluginState> fromJson = json.read("""
                {"chain": [
                  {"plugin": "gain", "parameters": {"db": -6}},
                  {"plugin": "dcblock"},
                  {"plugin": "filescale", "parameters": {"mix": 0.5}, "resources": {"file": "my cab.wav"}}
                ]}""");
        assertEquals(parser.parse("gain(db=-6) -> dcblock -> filescale(file='my cab.wav', mix=0.5)"), fromJson);
    }

    @Test
    void jsonRoundTripKeepsEveryValue() {
        List<PluginState> chain = parser.parse("gain(db=-6.5) -> filescale(file=a.wav, mix=0.25)");
        assertEquals(chain, json.read(json.write(chain)));
    }

    @Test
    void jsonErrorsNameThePluginAndParameter() {
        assertMessage(assertThrows(ChainException.class,
                () -> json.read("{\"chain\": [{\"plugin\": \"gain\", \"parameters\": {\"db\": 99}}]}")),
                "chain JSON plugin 1 'gain'", "'db'", "found 99.0");
        assertMessage(assertThrows(ChainException.class,
                () -> json.read("{\"chain\": [{\"plugin\": \"gain\"}, {\"plugin\": \"nope\"}]}")),
                "chain JSON plugin 2", "'nope'");
        assertMessage(assertThrows(ChainException.class,
                () -> json.read("{\"chain\": [{\"plugin\": \"dcblock\", \"parameters\": {\"q\": 1}}]}")),
                "'dcblock'", "no parameter 'q'");
        assertMessage(assertThrows(ChainException.class,
                () -> json.read("{\"chain\": [{\"plugin\": \"gain\", \"resources\": {\"model\": \"x\"}}]}")),
                "'gain'", "no resource 'model'");
        assertMessage(assertThrows(ChainException.class,
                () -> json.read("{\"chain\": [{\"plugin\": \"gain\", \"param\": {}}]}")),
                "chain JSON", "param");
        assertMessage(assertThrows(ChainException.class, () -> json.read("{\"chain\": [")), "chain JSON");
        assertMessage(assertThrows(ChainException.class, () -> json.read("{\"chain\": []}")), "at least one plugin");
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }
}
