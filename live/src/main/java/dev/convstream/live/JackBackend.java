package dev.convstream.live;

import dev.convstream.plugin.PluginChain;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;

/**
 * Runs a {@link LiveEngine} as a JACK client through JNAJack: on JACK2 and on PipeWire's JACK
 * layer ({@code pw-jack convstream live ...}). The chain runs inside JACK's process callback on
 * the server's period (no extra buffer, nothing added to the latency); the rate and period are
 * the server's (a client cannot set them; {@link StreamInfo} says what they are), and the
 * engine is prepared for them before the client is activated. Ports are {@code convstream:in_N}
 * and {@code convstream:out_N}, connected as {@link JackPortPlan} says. Xruns the server
 * reports are counted into {@link LiveEngine#noteXrun()}.
 *
 * <p>A server is never started: no server running means {@link #isAvailable()} is false and
 * {@link #start} fails saying so.
 */
public final class JackBackend implements AudioBackend {

    /** The id users type: {@code --backend jack}. */
    public static final String ID = "jack";

    private static final String PROBE_NAME = "convstream-probe";

    private final String clientName;

    /** A backend whose clients are named {@code convstream}. */
    public JackBackend() {
        this("convstream");
    }

    /** A backend whose clients are named {@code clientName} (JACK adds a suffix when it is taken). */
    public JackBackend(String clientName) {
        if (clientName == null || clientName.isBlank() || clientName.contains(":")) {
            throw new IllegalArgumentException("JACK client name must be non-blank without ':', found '"
                    + clientName + "'");
        }
        this.clientName = clientName;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Whether libjack loads and a server answers (none is started). [main-thread] */
    @Override
    public boolean isAvailable() {
        try {
            JackClients.open(PROBE_NAME).close();
            return true;
        } catch (BackendException e) {
            return false;
        }
    }

    /** The server's physical ports grouped by owning client; empty when no server answers. [main-thread] */
    @Override
    public List<AudioDevice> devices() {
        JackClient probe;
        try {
            probe = JackClients.open(PROBE_NAME);
        } catch (BackendException e) {
            return List.of();
        }
        try {
            Jack jack = JackClients.jack();
            return JackDevices.group(ports(jack, probe, JackPortFlags.JackPortIsOutput, true),
                    ports(jack, probe, JackPortFlags.JackPortIsInput, true));
        } catch (BackendException | JackException e) {
            return List.of();
        } finally {
            probe.close();
        }
    }

    @Override
    public LiveSession start(StreamRequest request, LiveEngine engine) throws BackendException {
        JackClient client = JackClients.open(clientName);
        JackSession session = null;
        try {
            Jack jack = JackClients.jack();
            List<String> capture = ports(jack, client, JackPortFlags.JackPortIsOutput, true);
            List<String> playback = ports(jack, client, JackPortFlags.JackPortIsInput, true);
            JackPortPlan plan = JackPortPlan.of(request,
                    ports(jack, client, JackPortFlags.JackPortIsOutput, false), capture,
                    ports(jack, client, JackPortFlags.JackPortIsInput, false), playback);
            int rate = client.getSampleRate();
            int frames = client.getBufferSize();
            JackPort[] ins = register(client, "in_", plan.inputs(), JackPortFlags.JackPortIsInput);
            JackPort[] outs = register(client, "out_", plan.outputs(), JackPortFlags.JackPortIsOutput);
            try {
                engine.prepare(rate, frames, plan.inputs(), plan.outputs());
            } catch (IllegalArgumentException e) {
                throw new BackendException("JACK runs at " + rate + " Hz with " + frames
                        + "-frame periods; the chain cannot: " + e.getMessage(), e);
            }
            JackPeriod period = new JackPeriod(engine, ins, outs, frames);
            // The JIT's first request for a method called once a period would create its class's
            // unrun literals on JACK's thread (RELIABILITY.md, "What the allocations were").
            JackSession s = new JackSession(client, period, ins[0], outs[0], engine, rate,
                    ChainWarmUp.literalsOf(engine.chain() instanceof PluginChain chain ? chain.plugins()
                            : List.of(engine.chain()), JackClient.class));
            session = s;
            client.setProcessCallback(period);
            client.setXrunCallback(c -> engine.noteXrun());
            client.setBuffersizeCallback((c, n) -> s.bufferSizeChanged(n));
            client.setSampleRateCallback((c, r) -> s.sampleRateChanged(r));
            client.onShutdown(c -> s.serverShutDown());
            period.open();
            client.activate();
            connect(jack, client, plan, ins, outs);
            s.started(new StreamInfo(ID, describe(plan.sources()), describe(plan.sinks()), rate, frames,
                    plan.inputs(), plan.outputs(), "float32",
                    JackLatency.settled(ins[0], !plan.sources().isEmpty() && capture.contains(plan.sources().get(0)),
                            outs[0], !plan.sinks().isEmpty() && playback.contains(plan.sinks().get(0)),
                            engine.chain().latencySamples())));
            return s;
        } catch (BackendException | RuntimeException e) {
            closeQuietly(client, session);
            throw e;
        } catch (JackException e) {
            closeQuietly(client, session);
            throw new BackendException("JACK: " + (e.getMessage() == null ? "a call to the server failed"
                    : e.getMessage()), e);
        }
    }

    private static void connect(Jack jack, JackClient client, JackPortPlan plan, JackPort[] ins, JackPort[] outs)
            throws BackendException {
        for (int i = 0; i < plan.sources().size(); i++) {
            connect(jack, client, plan.sources().get(i), ins[i].getName());
        }
        for (int o = 0; o < plan.sinks().size(); o++) {
            connect(jack, client, outs[o].getName(), plan.sinks().get(o));
        }
    }

    private static void connect(Jack jack, JackClient client, String from, String to) throws BackendException {
        try {
            jack.connect(client, from, to);
        } catch (JackException e) {
            throw new BackendException("JACK: cannot connect " + from + " to " + to, e);
        }
    }

    private static JackPort[] register(JackClient client, String prefix, int count, JackPortFlags direction)
            throws JackException {
        JackPort[] ports = new JackPort[count];
        for (int i = 0; i < count; i++) {
            ports[i] = client.registerPort(prefix + (i + 1), JackPortType.AUDIO, direction);
        }
        return ports;
    }

    /** Audio ports with {@code direction} (and physical, when asked), as the server lists them. */
    private static List<String> ports(Jack jack, JackClient client, JackPortFlags direction, boolean physical)
            throws JackException {
        EnumSet<JackPortFlags> flags = physical ? EnumSet.of(direction, JackPortFlags.JackPortIsPhysical)
                : EnumSet.of(direction);
        return Arrays.asList(jack.getPorts(client, null, JackPortType.AUDIO, flags));
    }

    private static String describe(List<String> ports) {
        return ports.isEmpty() ? "(not connected)" : String.join(",", ports);
    }

    private static void closeQuietly(JackClient client, JackSession session) {
        if (session != null) {
            session.close();
        } else {
            client.close();
        }
    }
}
