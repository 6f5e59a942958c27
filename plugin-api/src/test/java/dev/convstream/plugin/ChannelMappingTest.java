package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChannelMappingTest {

    @Test
    void perChannelMapsEveryCountToItself() {
        ChannelMapping m = ChannelMapping.perChannel();
        assertTrue(m.isPerChannel());
        for (int n = 1; n <= 16; n++) {
            assertEquals(OptionalInt.of(n), m.outputChannels(n));
        }
        assertEquals(OptionalInt.empty(), m.outputChannels(0));
        assertEquals("any N -> N, each channel alone", m.toString());
    }

    @Test
    void routesMapOnlyTheirInputCounts() {
        ChannelMapping stereoIr = ChannelMapping.of(2, 2).or(1, 2).because("impulse response cab.wav has 2 channels");
        assertFalse(stereoIr.isPerChannel());
        assertEquals(OptionalInt.of(2), stereoIr.outputChannels(1));
        assertEquals(OptionalInt.of(2), stereoIr.outputChannels(2));
        assertEquals(OptionalInt.empty(), stereoIr.outputChannels(3));
        assertEquals(Map.of(1, 2, 2, 2), stereoIr.routes());
        assertEquals("1 -> 2 or 2 -> 2 (impulse response cab.wav has 2 channels)", stereoIr.toString());
    }

    @Test
    void acceptsASpecOnlyWithTheMappedOutputCount() {
        ChannelMapping m = ChannelMapping.of(1, 2);
        assertTrue(m.accepts(new ProcessSpec(48_000, 64, 1, 2)));
        assertFalse(m.accepts(new ProcessSpec(48_000, 64, 1, 1)));
        assertFalse(m.accepts(new ProcessSpec(48_000, 64, 2, 2)));
        assertTrue(ChannelMapping.perChannel().accepts(new ProcessSpec(48_000, 64, 3)));
        assertFalse(ChannelMapping.perChannel().accepts(new ProcessSpec(48_000, 64, 1, 2)));
    }

    @Test
    void compositionFollowsTheStream() {
        ChannelMapping perChannel = ChannelMapping.perChannel();
        ChannelMapping monoToStereo = ChannelMapping.of(1, 2);
        ChannelMapping downmix = ChannelMapping.of(2, 1);
        assertTrue(perChannel.then(perChannel).isPerChannel());
        assertEquals(Map.of(1, 2), perChannel.then(monoToStereo).routes());
        assertEquals(Map.of(1, 2), monoToStereo.then(perChannel).routes());
        assertEquals(Map.of(1, 1), monoToStereo.then(downmix).routes());
        assertEquals(Map.of(2, 2), downmix.then(monoToStereo).routes());
        assertEquals(Map.of(), monoToStereo.then(monoToStereo).routes(), "stereo into a mono-only plugin");
        assertEquals("no channel count", monoToStereo.then(monoToStereo).toString());
    }

    @Test
    void compositionKeepsBothReasons() {
        ChannelMapping a = ChannelMapping.of(1, 2).because("a");
        ChannelMapping b = ChannelMapping.perChannel().because("b");
        assertEquals("a; b", a.then(b).reason());
        assertEquals("a", a.then(ChannelMapping.perChannel()).reason());
    }

    @Test
    void badRoutesAreRefusedNamingThem() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> ChannelMapping.of(0, 2));
        assertTrue(zero.getMessage().contains("0 -> 2"), zero.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ChannelMapping.of(1, 2).or(1, 1));
        assertTrue(twice.getMessage().contains("1 -> 1"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelMapping.perChannel().or(1, 2));
        assertEquals(ChannelMapping.of(1, 2), ChannelMapping.of(1, 2).or(1, 2), "the same route again is no change");
    }
}
