package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostCommands;
import dev.convstream.host.HostInjector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void devicesListsEveryBackendAndAlwaysSucceeds() {
        assertEquals(HostCommands.OK, rig.devices());
        String o = out.toString(StandardCharsets.UTF_8);
        // JACK first (preferred when its server answers), then Java Sound; each listed even when unavailable.
        assertTrue(o.startsWith("jack") && o.contains("\njavasound"), o);
    }
}
