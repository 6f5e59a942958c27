package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.plugin.PluginChain;
import dev.convstream.testing.AllocationMeter;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.Random;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.junit.jupiter.api.Test;

/**
 * {@link JackPeriod} allocates nothing, measured where it runs: inside JACK's process callback,
 * on JACK's thread, with the thread's allocation counter read around each period.
 */
class JackPeriodAllocationTest {

    /** Periods in a row that must allocate nothing: 3 s at 48 kHz / 64 frames. */
    private static final int CLEAN_PERIODS = 2_250;
    /** Time for C2 to compile the path on a loaded machine before a run must be clean. */
    private static final long BUDGET_NANOS = 90_000_000_000L;

    @Test
    void aPeriodAllocatesNothingInsideTheJackProcessCallback() throws Exception {
        JackServerCheck.assumeServer();
        JackClient client = JackClients.open("cs-test-alloc");
        try (PluginChain chain = JackBackendTest.gainAndDcBlock()) {
            JackPort noise = client.registerPort("noise", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            JackPort in = client.registerPort("in_1", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            JackPort out = client.registerPort("out_1", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            int frames = client.getBufferSize();
            LiveEngine engine = new LiveEngine(chain);
            engine.prepare(client.getSampleRate(), frames, 1, 1);
            JackPeriod period = new JackPeriod(engine, new JackPort[] {in}, new JackPort[] {out}, frames);
            period.open();
            Measured measured = new Measured(period, noise, new AllocationMeter());
            client.setProcessCallback(measured);
            client.activate();
            // Our own noise into our input (one period later): the chain sees a real signal.
            JackClients.jack().connect(client, noise.getName(), in.getName());

            long deadline = System.nanoTime() + BUDGET_NANOS;
            while (measured.cleanRun < CLEAN_PERIODS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf("JackPeriod in the JACK callback: %d periods, %d in a row allocation-free, "
                            + "last allocating period %d bytes; whole callback incl. JNA dispatch: %d bytes per period%n",
                    measured.periods, measured.cleanRun, measured.lastBytes, measured.wholeCallbackBytes);
            assertTrue(measured.cleanRun >= CLEAN_PERIODS, () -> "JackPeriod.process allocated "
                    + measured.lastBytes + " bytes in a period after " + measured.periods + " periods");
            assertTrue(period.failure() == null, () -> "processing failed: " + period.failure());
        } finally {
            client.deactivate();
            client.close();
        }
    }

    /** Feeds noise, then runs the period under the allocation meter. [audio-thread] */
    private static final class Measured implements JackProcessCallback, Runnable {
        private final JackPeriod period;
        private final JackPort noise;
        private final AllocationMeter meter;
        private final com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final float[] pattern = new float[4099];
        private int phase;
        private JackClient client;
        private int frames;
        private long lastExit = -1;
        volatile long periods;
        volatile long cleanRun;
        volatile long lastBytes;
        volatile long wholeCallbackBytes;

        Measured(JackPeriod period, JackPort noise, AllocationMeter meter) {
            this.period = period;
            this.noise = noise;
            this.meter = meter;
            Random r = new Random(3);
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = 0.5f * (r.nextFloat() - 0.5f);
            }
        }

        @Override
        public boolean process(JackClient c, int n) {
            long entry = bean.getCurrentThreadAllocatedBytes();
            if (lastExit >= 0) {
                // What JNA and JNAJack allocated between our last exit and this entry.
                wholeCallbackBytes = entry - lastExit;
            }
            FloatBuffer b = noise.getFloatBuffer();
            for (int i = 0; i < n; i++) {
                b.put(i, pattern[phase]);
                phase = phase + 1 == pattern.length ? 0 : phase + 1;
            }
            client = c;
            frames = n;
            long bytes = meter.allocatedBy(this);
            periods = periods + 1;
            if (bytes == 0) {
                cleanRun = cleanRun + 1;
            } else {
                cleanRun = 0;
                lastBytes = bytes;
            }
            lastExit = bean.getCurrentThreadAllocatedBytes();
            return true;
        }

        @Override
        public void run() {
            period.process(client, frames);
        }
    }
}
