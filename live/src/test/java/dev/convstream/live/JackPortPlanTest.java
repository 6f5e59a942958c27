package dev.convstream.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.live.AudioBackend.BackendException;
import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;

/** Which ports the JACK client registers and connects, decided without a server. */
class JackPortPlanTest {

    private static final List<String> CAPTURE = List.of("system:capture_1", "system:capture_2");
    private static final List<String> PLAYBACK = List.of("system:playback_1", "system:playback_2");
    private static final List<String> SOURCES = List.of("system:capture_1", "system:capture_2",
            "system:capture_10", "guitarix:out_0", "guitarix:out_1");
    private static final List<String> SINKS = List.of("system:playback_1", "system:playback_2", "reaper:in1");

    private static StreamRequest request(String in, String out, int ins, int outs, boolean auto) {
        return new StreamRequest(in, out, 0, 0, ins, outs, 0, auto);
    }

    private static JackPortPlan plan(StreamRequest r) throws BackendException {
        return JackPortPlan.of(r, SOURCES, CAPTURE, SINKS, PLAYBACK);
    }

    @Test
    void autoConnectTakesOneCaptureAndTwoPlaybackPorts() throws Exception {
        JackPortPlan p = plan(request(null, null, 0, 0, true));
        assertEquals(new JackPortPlan(1, 2, List.of("system:capture_1"), PLAYBACK), p);
    }

    @Test
    void withoutAutoConnectNothingIsConnectedButTheDefaultPortsExist() throws Exception {
        assertEquals(new JackPortPlan(1, 2, List.of(), List.of()), plan(request(null, null, 0, 0, false)));
    }

    @Test
    void anExactPortNameMatchesThatPortOnlyNotItsPrefixSiblings() throws Exception {
        // As a regex, "system:capture_1" would also be found in "system:capture_10".
        JackPortPlan p = plan(request("system:capture_1", null, 0, 0, false));
        assertEquals(List.of("system:capture_1"), p.sources());
        assertEquals(1, p.inputs());
    }

    @Test
    void aPatternSetsTheChannelCountAndConnectsEvenWithoutAutoConnect() throws Exception {
        JackPortPlan p = plan(request("guitarix", "playback_[12]$", 0, 0, false));
        assertEquals(new JackPortPlan(2, 2, List.of("guitarix:out_0", "guitarix:out_1"), PLAYBACK), p);
    }

    @Test
    void oneSourceFeedsEveryInputButOneSinkTakesOneOutput() throws Exception {
        JackPortPlan p = plan(request("guitarix:out_0", "reaper:in1", 2, 2, false));
        assertEquals(List.of("guitarix:out_0", "guitarix:out_0"), p.sources());
        assertEquals(List.of("reaper:in1"), p.sinks());
        assertEquals(2, p.outputs());
    }

    @Test
    void explicitCountsWinAndExtraMatchesStayFree() throws Exception {
        JackPortPlan p = plan(request("system:capture", null, 1, 1, true));
        assertEquals(List.of("system:capture_1"), p.sources());
        assertEquals(List.of("system:playback_1"), p.sinks());
    }

    @Test
    void autoConnectNeverMakesMoreOutputsThanPlaybackPorts() throws Exception {
        JackPortPlan p = JackPortPlan.of(request(null, null, 0, 0, true), SOURCES, CAPTURE, SINKS,
                List.of("system:playback_1"));
        assertEquals(1, p.outputs());
    }

    @Test
    void aPatternThatMatchesNothingNamesTheOptionAndListsThePorts() {
        BackendException e = assertThrows(BackendException.class, () -> plan(request("nosuch", null, 0, 0, true)));
        assertTrue(e.getMessage().contains("--in 'nosuch'"), e.getMessage());
        assertTrue(e.getMessage().contains("guitarix:out_0"), e.getMessage());
    }

    @Test
    void anInvalidRegexIsReportedAsSuch() {
        BackendException e = assertThrows(BackendException.class, () -> plan(request(null, "[", 0, 0, true)));
        assertTrue(e.getMessage().startsWith("JACK: --out '[' is neither a port name nor a valid regular expression"),
                e.getMessage());
    }

    @Test
    void physicalPortsGroupIntoOneDevicePerClient() {
        List<AudioDevice> devices = JackDevices.group(
                List.of("system:capture_1", "system:capture_2", "usb:capture_FL"),
                List.of("system:playback_1", "system:playback_2"));
        assertEquals(List.of(
                new AudioDevice("jack", "system", "JACK physical ports system:*, 2 capture, 2 playback", 2, 2),
                new AudioDevice("jack", "usb", "JACK physical ports usb:*, 1 capture, 0 playback", 1, 0)), devices);
    }

    @Test
    void aServerThatIsNotRunningIsToldAsSuchWithWhatToDo() {
        String m = JackClients.describe(EnumSet.of(JackStatus.JackFailure, JackStatus.JackServerFailed));
        assertTrue(m.contains("is running") && m.contains("pw-jack"), m);
    }
}
