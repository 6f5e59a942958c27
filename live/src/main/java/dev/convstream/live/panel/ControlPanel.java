package dev.convstream.live.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convstream.host.ChainBuilder;
import dev.convstream.live.LiveEngine;
import dev.convstream.live.LiveSession;
import dev.convstream.live.StreamInfo;
import dev.convstream.plugin.PluginChain;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The browser control panel of a running {@link LiveEngine}: a small embedded web server
 * (Javalin on Jetty) serving one page, a JSON API the page calls to change the chain, and a
 * WebSocket on which the page receives meters, load, xruns, latency, parameter values and
 * spectrogram columns 20 times a second.
 *
 * <p>The page: every plugin's parameters as controls made from its {@code ParameterSpec}s,
 * a file picker per resource (model, IR: uploaded, stored in the private upload folder and
 * loaded by the plugin on a server thread; a file the plugin refuses is reported on the page
 * and the running resource stays), bypass per plugin (the chain's crossfading bypass), input and
 * output meters, xrun and latency readouts, log-mel spectrograms of input and output, and
 * save/load of the chain state as chain JSON.
 *
 * <p>Nothing here touches the audio thread with a lock or an allocation: see
 * {@link ChainControl} and {@link StatusFeed}. Access rules: {@link PanelAccess}.
 */
public final class ControlPanel implements AutoCloseable {

    /** The largest upload (a model or an impulse response). */
    static final long MAX_UPLOAD_BYTES = 256L << 20;
    /** The largest JSON body (a chain state). */
    private static final long MAX_JSON_BYTES = 1 << 20;
    private static final String WEB = "/dev/convstream/live/panel/";
    private static final Set<String> PUBLIC_FILES = Set.of("/panel.js", "/panel.css");

    private final ChainControl control;
    private final StatusFeed feed;
    private final PanelAccess access;
    private final PanelSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FrameSender> clients = new ConcurrentHashMap<>();
    private final Javalin server;

    private ControlPanel(LiveEngine engine, StreamInfo info, ChainBuilder chains, PanelSettings settings)
            throws IOException {
        if (!(engine.chain() instanceof PluginChain chain)) {
            throw new IllegalArgumentException("the control panel needs a PluginChain, found "
                    + engine.chain().getClass().getName());
        }
        this.settings = settings;
        this.access = settings.loopbackOnly() ? PanelAccess.loopback() : PanelAccess.withToken();
        this.control = new ChainControl(chain, chains, new UploadStore(settings.uploadFolder(), MAX_UPLOAD_BYTES));
        this.feed = new StatusFeed(engine, info, control);
        this.server = Javalin.create(this::configure);
    }

    /**
     * Starts the panel of {@code engine} (already prepared and running on {@code info}'s
     * stream); {@code chains} reads and writes the chain JSON. [main-thread]
     *
     * @throws IOException              when the upload folder cannot be made
     * @throws IllegalArgumentException when the engine's chain is not a {@link PluginChain} or
     *                                  the bind address does not resolve
     * @throws IllegalStateException    when the port cannot be bound (Jetty's reason, naming it)
     */
    public static ControlPanel start(LiveEngine engine, StreamInfo info, ChainBuilder chains, PanelSettings settings)
            throws IOException {
        ControlPanel panel = new ControlPanel(engine, info, chains, settings);
        try {
            panel.server.start();
        } catch (RuntimeException e) {
            panel.feed.close();
            throw new IllegalStateException("control panel: cannot listen on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + rootMessage(e), e);
        }
        panel.feed.start();
        return panel;
    }

    /**
     * Starts the panel of a running {@code session} and prints its address (with the token when
     * one is needed) on {@code out}: what {@code convstream live --ui} calls once the stream
     * runs. [main-thread]
     *
     * @throws IOException as {@link #start(LiveEngine, StreamInfo, ChainBuilder, PanelSettings)}
     */
    public static ControlPanel start(LiveSession session, ChainBuilder chains, PanelSettings settings,
                                     PrintStream out) throws IOException {
        ControlPanel panel = start(session.engine(), session.info(), chains, settings);
        out.println("control panel: " + panel.url()
                + (panel.token() == null ? "" : "  (reachable from other machines: keep the token private)"));
        return panel;
    }

    /** The port the panel listens on. [thread-safe] */
    public int port() {
        return server.port();
    }

    /** The token the URL carries, or null when the panel is bound to loopback. [thread-safe] */
    public String token() {
        return access.token();
    }

    /** The page's address, with the token when one is needed. [thread-safe] */
    public URI url() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/" + (token() == null ? "" : "?token=" + token()));
    }

    /** Stops the server and the updates; the chain and the engine are left running. [main-thread] */
    @Override
    public void close() {
        feed.close();
        server.stop();
    }

    private void configure(JavalinConfig config) {
        config.jetty.host = settings.bindAddress();
        config.jetty.port = settings.port();
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = MAX_JSON_BYTES;
        var routes = config.routes;
        routes.before(ctx -> {
            // The script and style sheet are the same for everyone and hold no state: the page
            // that loads them (and everything it asks) is what the token guards.
            if (!PUBLIC_FILES.contains(ctx.path())) {
                access.check(ctx.header("Host"), ctx.header("Origin"), ctx.queryParam("token"),
                        !ctx.method().name().equals("GET"));
            }
        });
        routes.wsBeforeUpgrade(ctx -> access.check(ctx.header("Host"), ctx.header("Origin"),
                ctx.queryParam("token"), true));
        routes.exception(PanelRequestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        // An upload that cannot be written (disk full, folder gone): said on the page, not a bare 500.
        routes.exception(IOException.class, (e, ctx) -> error(ctx, 500, "control panel: " + e));
        routes.get("/", ctx -> resource(ctx, "index.html", "text/html; charset=utf-8"));
        routes.get("/panel.js", ctx -> resource(ctx, "panel.js", "text/javascript; charset=utf-8"));
        routes.get("/panel.css", ctx -> resource(ctx, "panel.css", "text/css; charset=utf-8"));
        routes.get("/api/chain", ctx -> ctx.contentType("application/json").result(json.writeValueAsString(control.describe())));
        routes.post("/api/plugins/{index}/parameters/{id}", ctx -> {
            JsonNode value = body(ctx).get("value");
            if (value == null || !value.isNumber()) {
                throw new PanelRequestException(400, "expected {\"value\": <number>}");
            }
            control.setParameter(index(ctx), ctx.pathParam("id"), value.asDouble());
            ctx.status(204);
        });
        routes.post("/api/plugins/{index}/bypass", ctx -> {
            JsonNode value = body(ctx).get("bypassed");
            if (value == null || !value.isBoolean()) {
                throw new PanelRequestException(400, "expected {\"bypassed\": true|false}");
            }
            control.setBypassed(index(ctx), value.asBoolean());
            ctx.status(204);
        });
        routes.post("/api/plugins/{index}/resources/{id}", ctx -> {
            try (InputStream in = ctx.bodyInputStream()) {
                String name = ctx.header("X-File-Name");
                String stored = control.loadResource(index(ctx), ctx.pathParam("id"),
                        name == null ? null : URLDecoder.decode(name, StandardCharsets.UTF_8), in);
                ctx.contentType("application/json").result(json.writeValueAsString(Map.of("value", stored)));
            }
        });
        routes.get("/api/state", ctx -> ctx.contentType("application/json")
                .header("Content-Disposition", "attachment; filename=\"chain.json\"")
                .result(control.saveState()));
        routes.post("/api/state", ctx -> {
            control.loadState(ctx.body());
            ctx.status(204);
        });
        routes.ws("/ws", ws -> {
            ws.onConnect(ctx -> {
                FrameSender sender = new FrameSender((text, done) -> send(ctx, text, done));
                clients.put(ctx.sessionId(), sender);
                feed.add(sender);
            });
            ws.onClose(ctx -> forget(ctx));
            ws.onError(ctx -> forget(ctx));
        });
    }

    private static void send(WsContext ctx, String text, Runnable done) {
        ctx.session.sendText(text, Callback.from(done, failure -> done.run()));
    }

    private void forget(WsContext ctx) {
        FrameSender sender = clients.remove(ctx.sessionId());
        if (sender != null) {
            feed.remove(sender);
        }
    }

    private JsonNode body(Context ctx) {
        if (ctx.contentType() == null || !ctx.contentType().startsWith("application/json")) {
            throw new PanelRequestException(415, "expected a JSON body (Content-Type: application/json)");
        }
        try {
            JsonNode node = json.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new PanelRequestException(400, "expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new PanelRequestException(400, "malformed JSON: " + e.getMessage(), e);
        }
    }

    private static int index(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw new PanelRequestException(404, "no plugin '" + ctx.pathParam("index") + "'");
        }
    }

    private void error(Context ctx, int status, String message) {
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(Map.of("error", message)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resource(Context ctx, String name, String type) {
        InputStream in = ControlPanel.class.getResourceAsStream(WEB + name);
        if (in == null) {
            throw new IllegalStateException("control panel resource " + WEB + name + " missing from the jar");
        }
        ctx.contentType(type).header("Cache-Control", "no-store").result(in);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
