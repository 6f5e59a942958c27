package dev.convstream.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * JACK's freewheel mode, through jackd2's {@code jack_freewheel} tool: the server runs the graph
 * period after period as fast as the clients go, with no deadline, so no period is ever dropped.
 * Why the output-equality test uses it: on a loaded machine (CI runners, several builds on two
 * cores) a non-realtime dummy server sees dozens of xruns a second, and a dropped period says
 * nothing about the chain. Every client still runs once per period, in graph order.
 */
final class JackFreewheel implements AutoCloseable {

    private JackFreewheel() throws Exception {
        set("y");
    }

    /** Freewheel on until {@link #close}; skips the test when the tool is missing. */
    static JackFreewheel on() throws Exception {
        return new JackFreewheel();
    }

    @Override
    public void close() throws Exception {
        set("n");
    }

    private static void set(String mode) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("jack_freewheel", mode).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "jack_freewheel (from Debian's jackd2) is not on the PATH: " + e.getMessage());
            return;
        }
        // The tool sets the mode and waits for a signal to exit; the mode stays set.
        if (!p.waitFor(1, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
