package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.panel.PanelSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UiOptionsTest {

    private static UiOptions parse(String... args) {
        UiOptions ui = new UiOptions();
        new CommandLine(ui).parseArgs(args);
        return ui;
    }

    @Test
    void withoutUiThereIsNoPanel() {
        assertNull(parse().settings(Map.of()));
    }

    @Test
    void uiListensOnLoopbackPort8080ByDefaultAndKeepsUploadsInTheUsersCache() {
        PanelSettings s = parse("--ui").settings(Map.of("XDG_CACHE_HOME", "/tmp/cache"));
        assertEquals(new PanelSettings("127.0.0.1", 8080, Path.of("/tmp/cache/convstream/uploads")), s);
        assertTrue(s.loopbackOnly());
    }

    @Test
    void portAndBindAreTaken() {
        PanelSettings s = parse("--ui", "--port", "9000", "--ui-bind", "0.0.0.0").settings(Map.of("XDG_CACHE_HOME", "/c"));
        assertEquals(9000, s.port());
        assertEquals("0.0.0.0", s.bindAddress());
        assertTrue(!s.loopbackOnly(), "another address needs the token");
    }

    @Test
    void panelOptionsWithoutUiAreAMistakeSaidByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--port", "9000").settings(Map.of()));
        assertEquals("--port and --ui-bind set up the control panel: add --ui", e.getMessage());
    }

    @Test
    void aPortOutOfRangeOrABindAddressThatDoesNotResolveIsRefusedByName() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> parse("--ui", "--port", "70000").settings(Map.of()));
        assertTrue(port.getMessage().contains("panel port must be in [0, 65535], found 70000"), port.getMessage());
        IllegalArgumentException bind = assertThrows(IllegalArgumentException.class,
                () -> parse("--ui", "--ui-bind", "no-such-host.invalid").settings(Map.of()));
        assertTrue(bind.getMessage().contains("'no-such-host.invalid' does not resolve"), bind.getMessage());
    }

    @Test
    void theLiveCommandRefusesPanelOptionsWithoutUiAsBadUsage() {
        assertEquals(2, ConvstreamCommand.execute("live", "--chain", "gain()", "--port", "9000", "--seconds", "0.1"));
    }
}
