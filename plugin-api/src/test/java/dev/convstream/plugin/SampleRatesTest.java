package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleRatesTest {

    @Test
    void aRateThroughAFloatIsTheSameRate() {
        double odd = 44_099.7;
        assertTrue(SampleRates.same(odd, (float) odd), "float rounding: " + (odd - (float) odd));
        assertTrue(SampleRates.same(48_000, 48_000.0));
    }

    @Test
    void theClosestRealPairIsRefused() {
        assertFalse(SampleRates.same(48_000, 47_952));
        assertFalse(SampleRates.same(44_100, 48_000));
        assertFalse(SampleRates.same(48_000, 48_000 * (1 + 2e-6)));
    }

    @Test
    void refusalNamesThePluginTheResourceAndBothRates() {
        SampleRates.requireHostRate("wavenet", "model amp.nam", 48_000, 48_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleRates.requireHostRate("wavenet", "model amp44.nam", 44_100, 48_000));
        for (String part : new String[] {"'wavenet'", "model amp44.nam", "44100 Hz", "48000 Hz", "does not resample"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void numbersAndDecibelsReadAsPeopleWriteThem() {
        assertEquals("48000", Numbers.plain(48_000.0));
        assertEquals("-0.5", Numbers.plain(-0.5));
        assertEquals(1f, Decibels.toGain(0));
        assertEquals(0.5f, Decibels.toGain(-6.0206), 1e-5);
        assertEquals(10f, Decibels.toGain(20), 1e-5);
    }
}
