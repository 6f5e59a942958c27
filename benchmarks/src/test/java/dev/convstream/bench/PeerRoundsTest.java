package dev.convstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.bench.peer.PeerWorkload;
import org.junit.jupiter.api.Test;

/**
 * The interleaved harness on a fake workload whose two "engines" busy-wait fixed times: the
 * reported ratio is the one built in, also while the machine's speed drifts during the run,
 * which is what interleaving is for.
 */
class PeerRoundsTest {

    private static final long MS = 1_000_000L;

    /** convstream takes {@code csMicros}, ORT twice as long, both times {@code drift(elapsed)}. */
    private static final class FakeWorkload implements PeerWorkload {
        private final long start = System.nanoTime();
        private final double csMicros;
        private final double driftPerSecond;

        FakeWorkload(double csMicros, double driftPerSecond) {
            this.csMicros = csMicros;
            this.driftPerSecond = driftPerSecond;
        }

        private Object spin(double micros) {
            long now = System.nanoTime();
            double slower = 1 + driftPerSecond * (now - start) / 1e9;
            long end = now + (long) (micros * 1e3 * slower);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return this;
        }

        @Override
        public Object convstream() {
            return spin(csMicros);
        }

        @Override
        public Object onnxruntime() {
            return spin(2 * csMicros);
        }

        @Override
        public float[] convstreamOutput() {
            return new float[0];
        }

        @Override
        public float[] onnxruntimeOutput() {
            return new float[0];
        }

        @Override
        public void close() {
        }
    }

    private static PeerRounds shortRounds() {
        return new PeerRounds(20 * MS, 2 * MS, 10 * MS, 300 * MS);
    }

    @Test
    void ratioIsOnnxRuntimeTimeOverConvstreamTime() {
        PeerRounds.Result r = shortRounds().measure("fake", 1, new FakeWorkload(40, 0), 8);
        assertEquals(8, r.ratios().length);
        assertEquals(8, r.csMedians().length);
        assertEquals(2.0, r.ratio(), 0.15, "median ratio of the rounds");
        assertEquals(40, r.csP50(), 6, "convstream's median call, us");
        assertEquals(80, r.ortP50(), 12, "ORT's median call, us");
    }

    /**
     * Both engines slow down by 200% per second, so that convstream's last round is far slower
     * than its first: timed one after the other the two would not give 2, but in alternating
     * turns every round does.
     */
    @Test
    void driftCommonToBothEnginesCancelsOut() {
        PeerRounds.Result r = shortRounds().measure("drifting", 1, new FakeWorkload(40, 2.0), 10);
        double[] cs = r.csMedians();
        assertTrue(cs[cs.length - 1] > 1.2 * cs[0], "the fake must drift for this test to mean anything: "
                + cs[0] + " -> " + cs[cs.length - 1]);
        for (double ratio : r.ratios()) {
            assertEquals(2.0, ratio, 0.3, "every round's ratio");
        }
        assertEquals(2.0, r.ratio(), 0.15, "median ratio of the rounds");
    }

    @Test
    void anUnknownCaseIsNamedWithTheCasesThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerRounds.main(new String[] {"1", "D_DENSE,NO_SUCH"}));
        assertTrue(e.getMessage().contains("no case NO_SUCH") && e.getMessage().contains("D_DENSE"), e.getMessage());
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, PeerRounds.median(new double[] {3, 1, 2}));
        assertEquals(2.5, PeerRounds.median(new double[] {4, 1, 3, 2}));
    }
}
