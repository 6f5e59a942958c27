package dev.convstream.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void stopsOnceEnoughSamplesRanAtAStableSpeed() {
        WarmUp.Run run = new WarmUp(1_000, HOUR).start();
        for (int i = 0; i < WarmUp.STABLE_BLOCKS; i++) {
            assertFalse(run.done(), "after " + i + " stable blocks");
            run.ran(100);
            run.timed(1_000);
        }
        assertTrue(run.done());
        assertTrue(run.settled());
    }

    @Test
    void aSlowBlockRestartsTheStableCount() {
        WarmUp.Run run = new WarmUp(0, HOUR).start();
        for (int i = 0; i < WarmUp.STABLE_BLOCKS - 1; i++) {
            run.timed(1_000);
        }
        run.timed(5_000); // more than twice the best: the JIT is not done yet
        assertFalse(run.done());
        for (int i = 0; i < WarmUp.STABLE_BLOCKS - 1; i++) {
            run.timed(1_000);
        }
        assertFalse(run.done());
        run.timed(1_000);
        assertTrue(run.done());
    }

    @Test
    void stableSpeedDoesNotStopItBeforeTheMinimumSamples() {
        WarmUp.Run run = new WarmUp(10_000, HOUR).start();
        for (int i = 0; i < 2 * WarmUp.STABLE_BLOCKS; i++) {
            run.ran(10);
            run.timed(1_000);
        }
        assertFalse(run.done());
    }

    @Test
    void theBudgetStopsItWhateverTheSpeed() {
        WarmUp.Run run = new WarmUp(Long.MAX_VALUE, 0).start();
        assertTrue(run.done());
        assertFalse(run.settled(), "ended by its budget, not by a stable speed");
    }

    @Test
    void anOfflineSpecNeedsNoWarmUpARealTimeOneDoes() {
        WarmUp hour = new WarmUp(Long.MAX_VALUE, HOUR);
        assertTrue(hour.start(new ProcessSpec(48_000, 64, 1, 1, ProcessingMode.OFFLINE)).done());
        assertFalse(hour.start(new ProcessSpec(48_000, 64, 1)).done());
    }

    @Test
    void negativeBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new WarmUp(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new WarmUp(0, -1));
    }
}
