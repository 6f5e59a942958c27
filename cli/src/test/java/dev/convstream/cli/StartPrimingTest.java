package dev.convstream.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartPrimingTest {

    @Test
    void streamingCommandsArePrimed() {
        assertTrue(StartPriming.wanted(new String[] {"process", "in.wav", "out.wav", "--chain", "nam(model=a.nam)"}, null));
        assertTrue(StartPriming.wanted(new String[] {"--verbose", "live", "--chain", "gain"}, null));
        assertTrue(StartPriming.wanted(new String[] {"demo"}, "true"));
        // the value of --plugins is not the subcommand
        assertTrue(StartPriming.wanted(new String[] {"--plugins", "info", "process", "a.wav", "b.wav"}, null));
    }

    @Test
    void otherCommandsAndNoCommandAreNot() {
        assertFalse(StartPriming.wanted(new String[] {"info", "process.nam"}, null));
        assertFalse(StartPriming.wanted(new String[] {"features", "a.wav"}, null));
        assertFalse(StartPriming.wanted(new String[] {"--help"}, null));
        assertFalse(StartPriming.wanted(new String[0], null));
        assertFalse(StartPriming.wanted(new String[] {"--plugins", "process"}, null));
    }

    @Test
    void thePropertyTurnsItOff() {
        assertFalse(StartPriming.wanted(new String[] {"process", "a.wav", "b.wav"}, "false"));
        assertFalse(StartPriming.wanted(new String[] {"live"}, "FALSE"));
    }
}
