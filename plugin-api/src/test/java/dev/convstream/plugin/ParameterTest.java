package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterTest {

    private final ParameterSpec cutoff = ParameterSpec.log("cutoff", "Cutoff", 10, 1000, 100, "Hz");

    @Test
    void logScaleMapsMidPositionToGeometricMean() {
        // sqrt(10 * 1000) = 100; tolerance covers pow/log rounding.
        assertEquals(100, cutoff.fromNormalized(0.5), 1e-9);
        assertEquals(0.5, cutoff.toNormalized(100), 1e-12);
    }

    @Test
    void linearScaleMapsPositionsProportionally() {
        ParameterSpec db = ParameterSpec.linear("db", "Gain", -60, 24, 0, "dB");
        assertEquals(-60, db.fromNormalized(0), 0);
        assertEquals(24, db.fromNormalized(1), 0);
        assertEquals(-18, db.fromNormalized(0.5), 1e-12);
    }

    @Test
    void outOfRangeValueIsRejectedWithIdRangeAndValue() {
        Parameter p = new Parameter(cutoff);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.set(5));
        assertTrue(e.getMessage().contains("'cutoff'") && e.getMessage().contains("[10.0, 1000.0]")
                && e.getMessage().contains("found 5.0"), e.getMessage());
        assertEquals(100, p.get());
    }

    @Test
    void logScaleNeedsPositiveMinimum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterSpec.log("f", "F", 0, 10, 1, "Hz"));
        assertTrue(e.getMessage().contains("min > 0"), e.getMessage());
    }

    @Test
    void defaultOutsideRangeIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ParameterSpec.linear("g", "G", 0, 1, 2, ""));
    }

    @Test
    void unknownParameterLookupNamesKnownIds() {
        ParameterSet set = ParameterSet.of(List.of(cutoff));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.get("q"));
        assertTrue(e.getMessage().contains("'q'") && e.getMessage().contains("cutoff"), e.getMessage());
    }

    @Test
    void descriptorRejectsDuplicateIdsAcrossParametersAndResources() {
        assertThrows(IllegalArgumentException.class, () -> new PluginDescriptor("x", "X", "1",
                List.of(cutoff), List.of(new ResourceSpec("cutoff", "file"))));
    }
}
