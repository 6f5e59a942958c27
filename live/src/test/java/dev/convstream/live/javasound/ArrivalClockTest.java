package dev.convstream.live.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrivalClockTest {

    private static final long PERIOD = 5_000_000;

    @Test
    void burstsShowAsTheWaitOfTheOldestBlockInTheBurst() {
        ArrivalClock clock = new ArrivalClock(PERIOD, 1_000_000_000L, 4);
        long max = 0;
        // Blocks of 5 ms delivered four at a time every 20 ms: the first of each burst waited 15 ms.
        for (int k = 0; k < 400; k++) {
            long burst = (k / 4 + 1) * 4 * PERIOD - PERIOD;
            max = Math.max(max, clock.arrived(burst + 1_000));
        }
        assertEquals(3 * PERIOD, max);
    }

    @Test
    void aBacklogShowsAsLatenessAndDrainsBlockByBlock() {
        ArrivalClock clock = new ArrivalClock(PERIOD, 1_000_000_000L, 4);
        for (int k = 0; k < 100; k++) {
            assertEquals(0, clock.arrived(k * PERIOD));
        }
        long stall = 100 * PERIOD + 50_000_000; // 50 ms late: 10 blocks wait
        assertEquals(50_000_000, clock.arrived(stall));
        for (int k = 1; k <= 10; k++) {
            assertEquals(50_000_000 - k * PERIOD, clock.arrived(stall));
        }
    }

    @Test
    void aSlowDeviceClockIsFollowedNotAccumulated() {
        // The device runs 100 ppm slow: after 60 s the raw offset has grown 6 ms, but the sliding
        // minimum (4 windows of 1 s) follows it, so lateness stays under 0.5 ms.
        ArrivalClock clock = new ArrivalClock(PERIOD, 1_000_000_000L, 4);
        long late = 0;
        for (int k = 0; k < 12_000; k++) {
            late = clock.arrived(Math.round(k * PERIOD * 1.0001));
        }
        assertEquals(0, late, 500_000);
    }
}
