package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostCommands;
import dev.convstream.host.HostInjector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LiveRigTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final LiveRig rig = new LiveRig(
            HostInjector.create(LiveRigTest.class.getClassLoader()).getInstance(ChainBuilder.class),
            AudioBackends.standard(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private static StreamRequest defaults(String in) {
        return new StreamRequest(in, null, 0, 0, 0, 0, 0, true);
    }

    @Test
    void aMissingCaptureDeviceSaysSoAndExitsWithNoDevice() {
        int code = rig.live("gain(db=-6)", "javasound", defaults("no-such-device-xyz"), null, 1, new CountDownLatch(1));
        assertEquals(HostCommands.NO_DEVICE, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("no capture device named 'no-such-device-xyz'"), e);
    }

    @Test
    void aBadChainOrAnUnknownBackendIsAUsageError() {
        assertEquals(HostCommands.USAGE, rig.live("gain(db=100)", null, defaults(null), null, 1, new CountDownLatch(1)));
        assertEquals(HostCommands.USAGE, rig.live("gain", "asio", defaults(null), null, 1, new CountDownLatch(1)));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("'gain'") && e.contains("unknown audio backend 'asio'"), e);
    }

    /**
     * {@code --verbose} on the virtual card: one line once the stream is live, with the chain's
     * load, the time from there to live, the backend's steps in the order they ran (the devices'
     * steps after the lines opened, the chain's prepare and warm-up) and the jitter measured;
     * without it, no such line.
     */
    @Test
    void verboseSaysHowTheStartWent() {
        VirtualAudio.assumeRunning();
        StreamRequest request = new StreamRequest(null, null, VirtualAudio.RATE, 256, 1, 2, 0, true);
        assertEquals(HostCommands.OK,
                rig.live("gain(db=-6)", "javasound", request, null, 0.3, new CountDownLatch(1), true));
        String e = err.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "start: chain loaded [0-9.]+ s after the JVM started, live ([0-9.]+) s later \\("
                        + ".*chain prepare began [0-9.]+ s after the lines opened, prepared in [0-9.]+ s \\(gain [0-9.]+ s\\), warmed up in [0-9.]+ s \\([0-9]+ blocks[^)]*\\); "
                        + "stale dropped ([0-9.]+) s, calibrated ([0-9.]+) s, playback started ([0-9.]+) s, "
                        + ".*devices ready ([0-9.]+) s, chain ready [0-9.]+ s, live ([0-9.]+) s after the lines opened; "
                        + "capture jitter [0-9.]+ ms").matcher(e);
        assertTrue(m.find(), e);
        double stale = Double.parseDouble(m.group(2));
        double calibrated = Double.parseDouble(m.group(3));
        double playback = Double.parseDouble(m.group(4));
        double devices = Double.parseDouble(m.group(5));
        double live = Double.parseDouble(m.group(6));
        assertTrue(stale <= calibrated && calibrated <= playback && playback <= devices && devices <= live, e);
        // No order between "after the load" and "after the lines opened": the lines are opened
        // on a thread of their own while the chain loads (AudioBackend#open), before or after
        // the load is done.

        err.reset();
        assertEquals(HostCommands.OK, rig.live("gain(db=-6)", "javasound", request, null, 0.3, new CountDownLatch(1)));
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("start:"), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The devices are opened before the chain is built ({@link AudioBackend#open}), and whatever
     * happens next they are closed exactly once: by the rig when the chain cannot be built (still a
     * usage error), and by the opening itself when its start fails.
     */
    @Test
    void theDevicesOpenBeforeTheChainLoadsAndAreClosedWhenTheStartFails() {
        List<String> events = new ArrayList<>();
        AudioBackend fake = new AudioBackend() {
            @Override
            public String id() {
                return "fake";
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public List<AudioDevice> devices() {
                return List.of();
            }

            @Override
            public LiveSession start(StreamRequest request, LiveEngine engine) throws BackendException {
                throw new BackendException("only through open");
            }

            @Override
            public Opening open(StreamRequest request) {
                events.add("open");
                return new Opening() {
                    @Override
                    public LiveSession start(LiveEngine engine) throws BackendException {
                        events.add(engine.chain() != null ? "start with the chain" : "start without");
                        throw new BackendException("the device went away");
                    }

                    @Override
                    public void close() {
                        events.add("close");
                    }
                };
            }
        };
        LiveRig r = new LiveRig(HostInjector.create(LiveRigTest.class.getClassLoader()).getInstance(ChainBuilder.class),
                new AudioBackends(List.of(fake)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(HostCommands.USAGE, r.live("gain(db=100)", "fake", defaults(null), null, 1, new CountDownLatch(1)));
        assertEquals(List.of("open", "close"), events);
        events.clear();
        assertEquals(HostCommands.NO_DEVICE,
                r.live("gain(db=-6)", "fake", defaults(null), null, 1, new CountDownLatch(1)));
        assertEquals(List.of("open", "start with the chain", "close"), events);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the device went away"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void devicesListsEveryBackendAndAlwaysSucceeds() {
        assertEquals(HostCommands.OK, rig.devices());
        String o = out.toString(StandardCharsets.UTF_8);
        // JACK first (preferred when its server answers), then Java Sound; each listed even when unavailable.
        assertTrue(o.startsWith("jack") && o.contains("\njavasound"), o);
    }
}
