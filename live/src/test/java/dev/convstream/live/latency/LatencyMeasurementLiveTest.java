package dev.convstream.live.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.convstream.live.StreamRequest;
import dev.convstream.live.VirtualAudio;
import dev.convstream.live.javasound.JavaSoundBackend;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.contract.DelayPlugin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --measure-latency} on the virtual card, through one PulseAudio {@code module-loopback}
 * of 50 ms from the speaker's monitor to the microphone, loaded once: runs alternate between
 * our plain stream and our stream with an exact software delay of {@value #DELAY_FRAMES} frames
 * (200 ms at 44.1 kHz) before the probe, in what it records ({@link DelayPlugin} in the
 * engine's chain, through {@link LatencyMeasurement}'s package-private seam). The step between the two
 * kinds' medians must be that delay.
 *
 * <p>Why this design: the test used to compare loopbacks of 50 and 250 ms, a module loaded and
 * unloaded for every run. module-loopback holds its delay with an adaptive resampler and misses
 * its own target by 20 to 40 ms, differently each time it is loaded: the medians' steps were
 * 150.7 (load 15), 161.2, 165, 181 to 196 and 215.8 ms against 200, near the 50 ms tolerance,
 * and the test took ~97 s per JDK (a module load, a 1 s settle and an unload per run). Now the
 * loopback is the same in every run, and the delay that makes the step is ours, exact to the
 * frame ({@code LatencyMeasurementTest#aDelayBeforeTheProbeAddsExactlyItsFrames}); what is left
 * is how PulseAudio starts our two streams, which moves a single round trip by up to ~35 ms
 * from run to run (177 to 235 ms with a 50 ms loopback, on a quiet machine), and under load a
 * run now and then far above (see below).
 *
 * <p>Tolerance {@value #TOLERANCE_MILLIS} ms on the step, from the spread this design measured
 * in its first version, the delay after the probe (2026-12-02, 32 runs, 21 on JDK 17 and 11 on
 * JDK 25, while other builds kept the 2-core machine at load 4 to 17; docs/live.md,
 * "--measure-latency"): of 122 round trips, 94 fell in a cluster, 163 to 293 ms plain (median
 * 234, sd 29) and 371 to 486 ms delayed (median 433, sd 29); the other 28 were far above (313
 * to 770 ms: PulseAudio's buffers grown after a late start; most such runs then skip for
 * xruns). Resampling five runs of each kind from the clusters, the step from the medians has an
 * sd of 20 ms, so 50 ms is 2.5 sd (2.5% of resampled tests miss); from all 122, 21% miss. The
 * mean of the two lowest of each kind missed less on that loaded data (8%) but did worse on the
 * runs below, where one low plain run (161 ms) took it to 234.9 ms against the medians' 194.3.
 * Deliberate experiments (not committed): the delay left out of the delayed runs measured -8.1
 * ms and failed; nine blocks (52 ms) more delay than expected measured 356.0 ms and failed.
 * What this test catches: a measurement that does not follow the round trip, counts a delay
 * twice, or misplaces the echo by well over 50 ms in one kind of run. An error of a few blocks,
 * and any error that is the same in every run, only the exact probe test sees
 * ({@code LatencyMeasurementTest}, to the frame).
 *
 * <p>Why before the probe, not after it: with the delay in what is played (the first version),
 * the sweeps went out 200 ms later in the stream's life, and at load 2 to 6 the delayed runs'
 * round trips stayed at 433 to 463 ms while the plain ones fell to 165 to 246: steps of 236.5
 * and 259.7 ms by medians, the second a failure. The stream's round trip is not yet steady in its
 * first second, so both kinds must play their sweeps at the same moments; a delay in what is
 * recorded leaves the sound untouched and moves only the echo. Runs so, at load 3: steps of
 * 191.4 (JDK 17, 85 s), 201.5 (JDK 25, 113 s), 194.3 (JDK 17, 116 s) and 205.5 ms (JDK 17, 86 s).
 *
 * <p>Each run also checks the absolute round trip: at least the loopback, the software delay and
 * 90% of our stream's own buffers (the rest, PulseAudio's buffering of our two streams, nobody
 * states). A missed echo (seen once in CI) is measured again, up to twice per kind of run, so
 * three misses still fail. A run with an xrun once the first sweep has started is not a
 * measurement ({@link LatencyMeasurement} plays the probe again, up to three times); when no run
 * is clean, the machine is too busy to test on and the test is skipped, saying so.
 */
@Tag("live")
class LatencyMeasurementLiveTest {

    private static final int RUNS = 5;
    private static final int RETRIES_PER_KIND = 2;
    private static final int LOOPBACK_MILLIS = 50;
    /** 200 ms at the virtual card's 44.1 kHz. */
    private static final int DELAY_FRAMES = 8_820;
    private static final double DELAY_MILLIS = DELAY_FRAMES * 1000.0 / VirtualAudio.RATE;
    private static final double TOLERANCE_MILLIS = 50;
    /** As documented in docs/live.md; a larger headroom changes how PulseAudio sizes the null sinks and module-loopback then misses its target. */
    private static final double HEADROOM_MILLIS = 60;

    @Test
    void stepsByExactlyTheDelayAddedToWhatIsRecorded() throws Exception {
        VirtualAudio.assumeRunning();
        List<Double> plain = new ArrayList<>();
        List<Double> delayed = new ArrayList<>();
        int[] retries = new int[2];
        String module = VirtualAudio.loopback(LOOPBACK_MILLIS);
        try {
            Thread.sleep(1_000); // module-loopback settles on its target
            for (int run = 0; run < RUNS; run++) {
                plain.add(measure(false, retries));
                delayed.add(measure(true, retries));
            }
        } finally {
            VirtualAudio.unloop(module);
        }
        double step = median(delayed) - median(plain);
        System.out.printf(Locale.ROOT, "round trips through a %d ms loopback %s, with %.1f ms more recorded %s: step %.1f ms%n",
                LOOPBACK_MILLIS, plain, DELAY_MILLIS, delayed, step);
        assertEquals(DELAY_MILLIS, step, TOLERANCE_MILLIS, "the software delay's " + DELAY_MILLIS
                + " ms step, from the medians of " + plain + " and " + delayed);
    }

    /** One round trip, with or without the software delay, measured again after a missed echo. */
    private static double measure(boolean delay, int[] retries) throws Exception {
        while (true) {
            try {
                return measureOnce(delay);
            } catch (LatencyMeasurement.NoCleanRunException e) {
                // What is under test is the measurement, not this machine's scheduling: a machine
                // too busy to play the probe once without an xrun in three tries says so and skips.
                return abort("the virtual card did not keep time on this machine: " + e.getMessage());
            } catch (LatencyMeasurement.NoEchoException e) {
                if (retries[delay ? 1 : 0]++ >= RETRIES_PER_KIND) {
                    throw e;
                }
                System.out.println((delay ? "delayed" : "plain") + " run: " + e.getMessage() + "; measuring again");
            }
        }
    }

    private static double measureOnce(boolean delay) throws Exception {
        // Round trips here stayed under 0.76 s, the delay included, even under load: a 1 s search
        // bound keeps each run short.
        LatencyMeasurement measurement = delay
                ? new LatencyMeasurement(1, probe -> new PluginChain(List.of(new DelayPlugin(DELAY_FRAMES), probe)))
                : new LatencyMeasurement(1);
        LatencyMeasurement.Result r = measurement.measure(new JavaSoundBackend(),
                new StreamRequest(null, null, VirtualAudio.RATE, 256, 1, 2, HEADROOM_MILLIS, true));
        // The stream's latency counts the chain's declared latency, the software delay included.
        double added = delay ? DELAY_MILLIS : 0;
        double ours = r.stream().latencyMillis() - added;
        assertTrue(r.millis() >= LOOPBACK_MILLIS + added + ours * 0.9,
                "round trip " + r.millis() + " ms holds the loopback's " + LOOPBACK_MILLIS + " ms, the "
                        + added + " ms recorded later and our stream's " + ours + " ms");
        System.out.printf(Locale.ROOT, "%s: round trip %.1f ms (%d frames), ours %.1f ms, prominence %.0f%n",
                delay ? "delayed" : "plain", r.millis(), r.frames(), ours, r.prominence());
        return r.millis();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
