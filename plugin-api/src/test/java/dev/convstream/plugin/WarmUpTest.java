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

    /**
     * A reverb's partitioned convolver in 256-frame blocks: three cheap blocks, then one that
     * runs the FFT of a whole 1,024-sample partition. Single blocks and pairs never look stable;
     * groups of four do, from the twentieth on.
     */
    @Test
    void workThatComesEveryFewBlocksSettlesOnGroupsOfWholePeriods() {
        WarmUp.Run run = new WarmUp(0, HOUR).start();
        long[] period = {1_000, 1_000, 1_000, 6_000};
        int blocks = 4 * WarmUp.STABLE_BLOCKS;
        for (int i = 0; i < blocks; i++) {
            assertFalse(run.settled(), "after " + i + " blocks");
            run.timed(period[i % 4]);
        }
        assertTrue(run.settled());
    }

    /** The groups are no looser than single blocks about the JIT: one slow group restarts their count. */
    @Test
    void aSlowBlockRestartsTheCountOfTheGroupsThatHoldIt() {
        WarmUp.Run run = new WarmUp(0, HOUR).start();
        long[] period = {1_000, 1_000, 1_000, 6_000};
        for (int i = 0; i < 4 * (WarmUp.STABLE_BLOCKS - 1); i++) {
            run.timed(period[i % 4]);
        }
        run.timed(30_000); // a block still in the interpreter: its group of 4 costs 33,000 against 9,000
        run.timed(1_000);
        run.timed(1_000);
        run.timed(6_000);
        assertFalse(run.settled());
        for (int i = 0; i < 4 * WarmUp.STABLE_BLOCKS; i++) {
            assertFalse(run.settled(), "after " + i + " more blocks");
            run.timed(period[i % 4]);
        }
        assertTrue(run.settled());
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
