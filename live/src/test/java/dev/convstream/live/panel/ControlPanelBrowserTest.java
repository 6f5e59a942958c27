package dev.convstream.live.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.inject.Injector;
import dev.convstream.audio.WavWriter;
import dev.convstream.host.ChainBuilder;
import dev.convstream.host.HostInjector;
import dev.convstream.live.LiveEngine;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control panel in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, installed by {@code live/src/test/scripts/browser.sh}, which
 * {@code .ci/run} calls), driven by Selenium, on a chain {@code gain -> convolver} that a paced
 * test thread runs in real time with a 375 Hz sine of amplitude 0.25 (no audio device).
 *
 * <p>The panel is bound to 0.0.0.0, so the page runs with the token in its URL: every request
 * the page makes must carry it. The steps run in order on one page, as a player would use it.
 *
 * <p>Audio checks read the engine's output tap (the last 4096 output samples, 85 ms, several
 * 375 Hz periods). The 375 Hz period is 128 samples, so an IR of two equal impulses 64 samples
 * apart cancels the sine exactly (after the IR's 64-sample onset): loading it drops the output
 * to float rounding, a change no other step can cause.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPanelBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final float AMPLITUDE = 0.25f;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static ChainBuilder chains;
    private static PluginChain chain;
    private static LiveEngine engine;
    private static PacedSource source;
    private static ControlPanel panel;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromium-driver missing (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): run live/src/test/scripts/browser.sh install");
        Injector injector = HostInjector.create();
        chains = injector.getInstance(ChainBuilder.class);
        chain = chains.build("gain(db=0) -> convolver()");
        engine = new LiveEngine(chain);
        source = new PacedSource(engine, 375, AMPLITUDE);
        panel = ControlPanel.start(engine, source.info(), chains,
                new PanelSettings("0.0.0.0", 0, dir.resolve("uploads")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get("http://127.0.0.1:" + panel.port() + "/?token=" + panel.token());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (panel != null) {
            panel.close();
        }
        if (source != null) {
            source.close();
            assertEquals(null, source.failure(), "the audio thread failed");
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    @Order(1)
    void thePageShowsEveryParameterFromItsSpec() {
        WebElement db = waitFor("p-0-db-value");
        assertEquals("-80", db.getDomAttribute("min"));
        assertEquals("24", db.getDomAttribute("max"));
        assertEquals("0.00", db.getDomProperty("value"));
        for (String id : List.of("p-1-mix", "p-1-ir_gain", "p-1-normalize", "r-1-ir", "plugin-0-bypass",
                "plugin-1-bypass")) {
            waitFor(id);
        }
        assertTrue(browser.findElement(By.id("plugin-1")).getText().contains("dB"), "units shown");
    }

    @Test
    @Order(2)
    void theMetersAndSpectrogramsMove() {
        // 0.25 full scale is -12.04 dBFS; the meter holds peaks, so it reads that once filled.
        until("the input meter reads the sine's -12 dB", () -> near(text("meter-in-db"), -12.04, 0.3));
        until("the output meter reads it too", () -> near(text("meter-out-db"), -12.04, 0.3));
        until("the spectrograms draw", () -> canvasEnergy("spec-in") > 0 && canvasEnergy("spec-out") > 0);
        String xruns = text("xruns");
        assertEquals("0", xruns);
        assertTrue(text("load").contains("%"), "load readout: " + text("load"));
        assertTrue(text("latency").contains("ms"), "latency readout: " + text("latency"));
    }

    @Test
    @Order(3)
    void movingTheGainChangesTheAudio() {
        WebElement db = waitFor("p-0-db-value");
        db.clear();
        db.sendKeys("-20", Keys.ENTER);
        until("gain -20 dB reaches the engine", () -> chain.get(0).parameters().get("db").get() == -20);
        // 0.25 * 10^(-20/20) = 0.025; the gain ramps over 20 ms, the window covers 85 ms.
        until("the output is 20 dB down", () -> near(source.recentOutputPeak(4096), 0.025, 0.0015));

        WebElement slider = waitFor("p-0-db");
        slider.sendKeys(Keys.HOME);
        until("the slider's bottom (-80 dB) reaches the engine",
                () -> chain.get(0).parameters().get("db").get() == -80);
        until("the output is 80 dB down", () -> source.recentOutputPeak(4096) < 0.25e-4 * 1.2);
        assertEquals("-80.0", waitFor("p-0-db-value").getDomProperty("value"));

        db.clear();
        db.sendKeys("-6", Keys.ENTER);
        until("gain -6 dB", () -> near(source.recentOutputPeak(4096), AMPLITUDE * Math.pow(10, -6 / 20.0), 0.003));
    }

    @Test
    @Order(4)
    void loadingAnIrChangesTheAudio() throws IOException {
        Path ir = dir.resolve("comb cab.wav");
        float[] taps = new float[65];
        taps[0] = 0.5f;
        taps[64] = 0.5f;
        WavWriter.write(ir, new float[][] {taps}, (float) PacedSource.RATE, WavWriter.Format.FLOAT_32);
        act("r-1-ir", e -> e.sendKeys(ir.toString()));
        until("the page says it loaded", () -> text("message").startsWith("loaded comb cab.wav"));
        String stored = chain.get(1).resources().get("ir");
        assertTrue(stored.startsWith(dir.resolve("uploads").toString()) && stored.endsWith("comb_cab.wav"), stored);
        until("the comb cancels the 375 Hz sine", () -> source.recentOutputPeak(4096) < 1e-4);
        until("the page shows the IR", () -> text("r-1-ir-value").endsWith("comb_cab.wav"));
    }

    @Test
    @Order(5)
    void aBadUploadIsReportedAndLeavesTheChainUntouched() throws IOException {
        String before = chain.get(1).resources().get("ir");
        Path broken = dir.resolve("broken.wav");
        Files.write(broken, "RIFF, but not really a WAV file".getBytes());
        act("r-1-ir", e -> e.sendKeys(broken.toString()));
        until("the page reports the file", () -> text("message").contains("broken.wav")
                && "error".equals(browser.findElement(By.id("message")).getDomAttribute("class")));
        assertTrue(text("message").contains("the previous ir stays"), text("message"));
        assertEquals(before, chain.get(1).resources().get("ir"));
        assertTrue(source.recentOutputPeak(4096) < 1e-4, "the comb IR still runs");
        try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("broken")),
                    "the refused upload is deleted");
        }
    }

    @Test
    @Order(6)
    void bypassBringsTheDrySignalBackAndForth() {
        double sixDbDown = AMPLITUDE * Math.pow(10, -6 / 20.0);
        act("plugin-1-bypass", WebElement::click);
        until("the convolver is bypassed", () -> chain.isBypassed(1));
        until("the sine is back", () -> near(source.recentOutputPeak(4096), sixDbDown, 0.003));
        act("plugin-1-bypass", WebElement::click);
        until("the convolver is back", () -> !chain.isBypassed(1));
        until("the comb cancels again", () -> source.recentOutputPeak(4096) < 1e-4);
    }

    @Test
    @Order(7)
    void saveThenReloadTheState() throws IOException {
        act("save-state", WebElement::click);
        until("the state appears", () -> !waitFor("state-json").getDomProperty("value").isEmpty());
        String saved = waitFor("state-json").getDomProperty("value");
        List<PluginState> states = chains.parse(saved);
        assertEquals(-6.0, states.get(0).parameters().get("db"));
        assertEquals(chain.get(1).resources().get("ir"), states.get(1).resources().get("ir"));
        chains.build(saved).close(); // the CLI's reader builds a chain from it
        Path file = dir.resolve("saved-chain.json");
        Files.writeString(file, saved);

        WebElement db = waitFor("p-0-db-value");
        db.clear();
        db.sendKeys("3", Keys.ENTER);
        until("gain +3 dB", () -> chain.get(0).parameters().get("db").get() == 3);

        act("load-state", e -> e.sendKeys(file.toString()));
        until("the page says it loaded", () -> text("message").startsWith("state loaded from saved-chain.json"));
        assertEquals(-6.0, chain.get(0).parameters().get("db").get());
        until("the page shows the restored gain", () -> "-6.00".equals(waitFor("p-0-db-value").getDomProperty("value")));
        until("the restored chain still cancels", () -> source.recentOutputPeak(4096) < 1e-4);
    }

    @Test
    @Order(9)
    void aStateOfAnotherChainIsRefusedByName() throws IOException {
        Path other = dir.resolve("other-chain.json");
        Files.writeString(other, "{\"chain\": [{\"plugin\": \"gain\", \"parameters\": {\"db\": -3}}]}");
        act("load-state", e -> e.sendKeys(other.toString()));
        until("the page reports it", () -> text("message").contains("other-chain.json")
                && text("message").contains("running chain is [gain, convolver]"));
        assertEquals(-6.0, chain.get(0).parameters().get("db").get(), "nothing changed");
    }

    @Test
    @Order(8)
    void screenshot() throws IOException {
        waitFor("p-0-db-value");
        // Let the spectrograms fill their width (480 columns at 93.75 per second).
        until("the spectrogram is full", () -> canvasColumnEnergy("spec-in", 0) > 0);
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "control-panel.png");
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(0, Files.size(target));
        assertFalse(text("connection").isEmpty());
    }

    private static WebElement waitFor(String id) {
        return new WebDriverWait(browser, WAIT).withMessage("element #" + id)
                .until(d -> d.findElement(By.id(id)));
    }

    /**
     * Does {@code action} on element {@code id}, again if the page re-drew it meanwhile (the page
     * re-draws the chain after a resource or state load).
     */
    private static void act(String id, Consumer<WebElement> action) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
                .withMessage("element #" + id).until(d -> {
                    action.accept(d.findElement(By.id(id)));
                    return true;
                });
    }

    private static String text(String id) {
        return waitFor(id).getText();
    }

    private static void until(String what, BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).withMessage(() -> what + " (page message: '"
                + browser.findElement(By.id("message")).getText() + "')").until(d -> condition.getAsBoolean());
    }

    private static boolean near(String dbText, double expected, double tolerance) {
        try {
            return near(Double.parseDouble(dbText.replace(" dB", "")), expected, tolerance);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean near(double value, double expected, double tolerance) {
        return Math.abs(value - expected) <= tolerance;
    }

    /** Sum of the red, green and blue of every pixel of a canvas. */
    private static long canvasEnergy(String id) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById(arguments[0]);"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2]; return s;",
                id)).longValue();
    }

    /** Sum of the red, green and blue of column {@code x} of a canvas. */
    private static long canvasColumnEnergy(String id, int x) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById(arguments[0]);"
                        + "const d = c.getContext('2d').getImageData(arguments[1], 0, 1, c.height).data;"
                        + "let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2]; return s;",
                id, x)).longValue();
    }
}
