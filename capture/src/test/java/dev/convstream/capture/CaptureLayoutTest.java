package dev.convstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.capture.CaptureLayout.Kind;
import dev.convstream.capture.CaptureLayout.Role;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CaptureLayoutTest {

    @Test
    void everyKnownVersionHasItsOwnNameAndMarkerGap() {
        List<CaptureLayout> known = CaptureLayout.KNOWN;
        assertEquals(CaptureLayout.CURRENT, known.get(0));
        assertEquals(known.size(), known.stream().map(CaptureLayout::version).collect(Collectors.toSet()).size());
        Set<Integer> gaps = known.stream().map(CaptureLayout::markerGap).collect(Collectors.toSet());
        assertEquals(known.size(), gaps.size(), "marker gaps tell the versions apart in a recording");
        assertEquals(CaptureLayout.CURRENT, CaptureLayout.known("convstream-capture-1").orElseThrow());
        assertTrue(CaptureLayout.known("convstream-capture-0").isEmpty());
    }

    @Test
    void version1HasEveryKindOfMaterialAtSeveralLevels() {
        CaptureLayout c = CaptureLayout.CURRENT;
        assertEquals(36_000, c.markerGap());
        for (Kind k : List.of(Kind.SWEEP, Kind.WHITE_NOISE, Kind.PINK_NOISE, Kind.GUITAR)) {
            long levels = c.sections().stream().filter(s -> s.kind() == k && s.role() == Role.TRAINING)
                    .map(CaptureLayout.Section::peakDb).distinct().count();
            assertTrue(levels >= 3, k + " at " + levels + " levels");
        }
        assertTrue(c.sections().stream().anyMatch(s -> s.kind() == Kind.SILENCE && s.role() == Role.TRAINING));
        assertTrue(c.sections().stream().filter(s -> s.role() == Role.VALIDATION).allMatch(
                s -> s.kind() == Kind.GUITAR || s.kind() == Kind.SILENCE));
    }

    private static CaptureLayout.Builder start() {
        return CaptureLayout.builder("t", 48_000, 1)
                .silence("lead-in", Role.ALIGNMENT, 0.5)
                .addSamples("start blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, -6);
    }

    @Test
    void materialInsideABlipsSearchWindowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start()
                .silence("gap", Role.ALIGNMENT, 0.1) // shorter than the 0.5 s after a blip
                .addSamples("marker blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, -6)
                .silence("settle", Role.ALIGNMENT, 0.6)
                .add("guitar", Kind.GUITAR, Role.TRAINING, 1, -6)
                .add("validation", Kind.GUITAR, Role.VALIDATION, 1, -6)
                .silence("settle", Role.ALIGNMENT, 0.1)
                .addSamples("end blip", Kind.BLIP, Role.ALIGNMENT, CaptureLayout.BLIP_SAMPLES, -6)
                .silence("tail", Role.ALIGNMENT, 0.6)
                .build());
        assertEquals("the blip search window after start blip [25024, 49024) must be silence, but holds 'marker blip'",
                e.getMessage());
    }

    @Test
    void partsOutOfOrderOrMissingBlipsAreRefused() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> start()
                .add("validation", Kind.GUITAR, Role.VALIDATION, 1, -6)
                .add("guitar", Kind.GUITAR, Role.TRAINING, 1, -6)
                .silence("tail", Role.ALIGNMENT, 0.6)
                .build());
        assertEquals("sections must be alignment, training, validation, alignment in that order (A, T, V), found AAVTA",
                order.getMessage());
        IllegalArgumentException blips = assertThrows(IllegalArgumentException.class, () -> start()
                .silence("settle", Role.ALIGNMENT, 0.6)
                .add("guitar", Kind.GUITAR, Role.TRAINING, 1, -6)
                .add("validation", Kind.GUITAR, Role.VALIDATION, 1, -6)
                .silence("tail", Role.ALIGNMENT, 0.6)
                .build());
        assertTrue(blips.getMessage().startsWith("a layout needs three blips"), blips.getMessage());
    }
}
