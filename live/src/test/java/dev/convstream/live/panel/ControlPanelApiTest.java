package dev.convstream.live.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.live.LiveEngine;
import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel's HTTP and WebSocket rules, without a browser: access, refusals, a stuck audio thread. */
class ControlPanelApiTest {

    private static final ChainBuilder CHAINS = HostInjector.create().getInstance(ChainBuilder.class);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PluginChain chain;
    private PacedSource source;
    private ControlPanel panel;

    @AfterEach
    void stop() throws Exception {
        if (panel != null) {
            panel.close();
        }
        if (source != null) {
            source.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private void start(PluginChain c, String bind) throws IOException {
        chain = c;
        LiveEngine engine = new LiveEngine(chain);
        source = new PacedSource(engine, 440, 0.25f);
        panel = ControlPanel.start(engine, source.info(), CHAINS, new PanelSettings(bind, 0, dir.resolve("uploads")));
    }

    @Test
    void aPanelBoundElsewhereNeedsTheTokenOnThePageTheApiAndTheWebSocket() throws Exception {
        start(CHAINS.build("gain(db=-3)"), "0.0.0.0");
        String base = "http://127.0.0.1:" + panel.port();
        assertTrue(panel.url().toString().endsWith("/?token=" + panel.token()), panel.url().toString());

        HttpResponse<String> none = get(base + "/");
        assertEquals(403, none.statusCode());
        assertTrue(none.body().contains("needs the token"), none.body());
        assertEquals(403, get(base + "/api/chain?token=wrong").statusCode());
        assertEquals(403, get(base + "/api/state").statusCode());
        assertEquals(200, get(base + "/?token=" + panel.token()).statusCode());
        HttpResponse<String> chainJson = get(base + "/api/chain?token=" + panel.token());
        assertEquals(200, chainJson.statusCode());
        assertTrue(chainJson.body().contains("\"id\":\"db\""), chainJson.body());

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> openSocket("ws://127.0.0.1:" + panel.port() + "/ws", new FrameCounter(1)));
        assertEquals(403, handshakeStatus(refused));
        FrameCounter frames = new FrameCounter(1);
        WebSocket ws = openSocket("ws://127.0.0.1:" + panel.port() + "/ws?token=" + panel.token(), frames);
        assertTrue(frames.await(), "a status frame arrives");
        assertTrue(frames.last.contains("\"type\":\"status\""), frames.last);
        ws.abort();
    }

    @Test
    void aLoopbackPanelNeedsNoTokenButAnswersLoopbackHostNamesOnly() throws Exception {
        start(CHAINS.build("gain(db=-3)"), "127.0.0.1");
        assertNull(panel.token());
        assertEquals("http://127.0.0.1:" + panel.port() + "/", panel.url().toString());
        assertEquals(200, get("http://127.0.0.1:" + panel.port() + "/").statusCode());
        assertEquals(200, get("http://localhost:" + panel.port() + "/api/chain").statusCode());
        // A page of another site reaching 127.0.0.1 through DNS rebinding sends its own host name.
        String answer = rawGet(panel.port(), "/api/state", "attacker.example:" + panel.port());
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        assertTrue(answer.contains("127.0.0.1 or localhost only"), answer);
    }

    @Test
    void aChangeRequestedByAPageOfAnotherSiteIsRefused() throws Exception {
        start(CHAINS.build("gain(db=-3)"), "127.0.0.1");
        String url = "http://127.0.0.1:" + panel.port() + "/api/plugins/0/parameters/db";
        HttpResponse<String> foreign = post(url, "{\"value\": 6}", "http://attacker.example");
        assertEquals(403, foreign.statusCode());
        assertEquals(-3.0, chain.get(0).parameters().get("db").get());
        assertEquals(204, post(url, "{\"value\": 6}", "http://127.0.0.1:" + panel.port()).statusCode());
        assertEquals(6.0, chain.get(0).parameters().get("db").get());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> http.newWebSocketBuilder()
                .header("Origin", "http://attacker.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + panel.port() + "/ws"), new FrameCounter(1)).get(10, TimeUnit.SECONDS));
        assertEquals(403, handshakeStatus(refused));
    }

    @Test
    void badRequestsAreRefusedNamingTheirFault() throws Exception {
        start(CHAINS.build("gain(db=-3)"), "127.0.0.1");
        String base = "http://127.0.0.1:" + panel.port();
        HttpResponse<String> range = post(base + "/api/plugins/0/parameters/db", "{\"value\": 99}", null);
        assertEquals(400, range.statusCode());
        assertTrue(range.body().contains("plugin 1 'gain': parameter 'db' must be in [-80.0, 24.0] dB, found 99.0"),
                range.body());
        HttpResponse<String> unknown = post(base + "/api/plugins/0/parameters/volume", "{\"value\": 1}", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("has no parameter 'volume'"), unknown.body());
        assertEquals(404, post(base + "/api/plugins/5/bypass", "{\"bypassed\": true}", null).statusCode());
        HttpResponse<String> noResource = http.send(HttpRequest.newBuilder(URI.create(base + "/api/plugins/0/resources/ir"))
                .header("X-File-Name", "cab.wav").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, noResource.statusCode());
        assertTrue(noResource.body().contains("has no resource 'ir'"), noResource.body());
        assertEquals(-3.0, chain.get(0).parameters().get("db").get());
    }

    @Test
    void anUploadThatCannotBeStoredIsSaidByNameAndChangesNothing() throws Exception {
        start(CHAINS.build("convolver()"), "127.0.0.1");
        Path uploads = dir.resolve("uploads");
        Files.delete(uploads);
        Files.writeString(uploads, "a file where the upload folder was");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + panel.port() + "/api/plugins/0/resources/ir"))
                .header("X-File-Name", "cab.wav").POST(HttpRequest.BodyPublishers.ofString("RIFF")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(500, answer.statusCode());
        assertTrue(answer.body().contains(uploads.toString()), answer.body());
        assertTrue(chain.get(0).resources().isEmpty());
    }

    @Test
    void theSavedStateHoldsTheBypassAndLoadingItRestoresIt() throws Exception {
        start(CHAINS.build("gain(db=-3) -> gain(db=-6)"), "127.0.0.1");
        String base = "http://127.0.0.1:" + panel.port();
        assertEquals(204, post(base + "/api/plugins/1/bypass", "{\"bypassed\": true}", null).statusCode());
        String saved = get(base + "/api/state").body();
        assertTrue(saved.replaceAll("\\s", "").contains("\"bypassed\":true"), saved);

        assertEquals(204, post(base + "/api/plugins/1/bypass", "{\"bypassed\": false}", null).statusCode());
        assertEquals(204, post(base + "/api/plugins/0/bypass", "{\"bypassed\": true}", null).statusCode());
        HttpResponse<String> load = post(base + "/api/state", saved, null);
        assertTrue(load.statusCode() / 100 == 2, load.statusCode() + " " + load.body());
        assertEquals(false, chain.isBypassed(0), "the state has plugin 1 running");
        assertEquals(true, chain.isBypassed(1), "the state has plugin 2 bypassed");
        assertTrue(get(base + "/api/chain").body().contains("\"bypassed\":true"));
    }

    @Test
    void thePanelAnswersWhileTheAudioThreadIsStuck() throws Exception {
        StuckPlugin stuck = new StuckPlugin();
        start(new PluginChain(List.<AudioPlugin>of(stuck, CHAINS.build("gain(db=0)").get(0))), "127.0.0.1");
        assertTrue(stuck.entered.await(10, TimeUnit.SECONDS), "the audio thread is stuck in the chain");
        try {
            long callbacks = source.engineCallbacks();
            String base = "http://127.0.0.1:" + panel.port();
            assertEquals(200, get(base + "/api/chain").statusCode());
            assertEquals(204, post(base + "/api/plugins/1/parameters/db", "{\"value\": -12}", null).statusCode());
            assertEquals(-12.0, chain.get(1).parameters().get("db").get());
            assertEquals(204, post(base + "/api/plugins/1/bypass", "{\"bypassed\": true}", null).statusCode());
            assertTrue(chain.isBypassed(1));
            assertEquals(200, get(base + "/api/state").statusCode());
            FrameCounter frames = new FrameCounter(5);
            WebSocket ws = openSocket("ws://127.0.0.1:" + panel.port() + "/ws", frames);
            assertTrue(frames.await(), "status frames keep coming");
            ws.abort();
            assertEquals(callbacks, source.engineCallbacks(), "the audio thread was stuck all along");
        } finally {
            stuck.release.countDown();
        }
    }

    private static int handshakeStatus(ExecutionException e) {
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.getCause().toString());
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebSocket openSocket(String url, FrameCounter listener) throws Exception {
        return http.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
    }

    /** A GET with a Host header of our choosing (java.net.http sets Host itself). */
    private static String rawGet(int port, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Counts text frames until {@code wanted} arrived. */
    private static final class FrameCounter implements WebSocket.Listener {
        private final CountDownLatch latch;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger count = new AtomicInteger();
        volatile String last = "";

        FrameCounter(int wanted) {
            this.latch = new CountDownLatch(wanted);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
            partial.append(data);
            if (lastPart) {
                last = partial.toString();
                partial.setLength(0);
                count.incrementAndGet();
                latch.countDown();
            }
            webSocket.request(1);
            return null;
        }

        boolean await() throws InterruptedException {
            return latch.await(10, TimeUnit.SECONDS);
        }
    }

    /** Stands for a plugin that hangs the audio thread: blocks in process until released. */
    private static final class StuckPlugin extends AbstractAudioPlugin {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StuckPlugin() {
            super(PluginDescriptor.of("stuck", "Stuck", "1"));
        }

        @Override
        public void prepare(ProcessSpec spec) {
        }

        @Override
        public void process(AudioBlock block) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void reset() {
        }
    }
}
