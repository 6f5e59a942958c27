package dev.convstream.capture;

import static dev.convstream.capture.TrainingReportPng.ESR;
import static dev.convstream.capture.TrainingReportPng.WAVE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is read back as a PNG and its pixels checked where the data puts them. */
class TrainingReportPngTest {

    private static final int RATE = 48_000;

    /** Whether a pixel within one row of {@code (x, y)} has {@code color} (lines are 2 px wide). */
    private static boolean near(BufferedImage img, int x, int y, Color color) {
        for (int dy = -1; dy <= 1; dy++) {
            if ((img.getRGB(x, y + dy) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inColumn(BufferedImage img, int x, int y0, int y1, Color color) {
        for (int y = y0; y <= y1; y++) {
            if ((img.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void writesAPngOfTheStatedSize(@TempDir Path dir) throws Exception {
        float[] x = new float[10_000];
        Path png = dir.resolve("report.png");
        TrainingReportPng.write(png, x, x, x, new double[] {0.5, 0.1}, RATE);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(TrainingReportPng.WIDTH, img.getWidth());
        assertEquals(TrainingReportPng.HEIGHT, img.getHeight());
    }

    @Test
    void eachSeriesIsDrawnAtItsValue() {
        int n = 10_000;
        float[] input = new float[n];
        float[] target = new float[n];
        float[] prediction = new float[n];
        Arrays.fill(input, 0.1f);
        Arrays.fill(target, 0.5f);
        Arrays.fill(prediction, -0.25f);
        BufferedImage img = TrainingReportPng.render(input, target, prediction, new double[0], RATE);
        double range = 1.05 * 0.5;
        for (int x : new int[] {WAVE.x + 10, WAVE.x + WAVE.width / 2, WAVE.x + WAVE.width - 10}) {
            assertTrue(near(img, x, TrainingReportPng.waveY(0.5, range), TrainingReportPng.TARGET), "target at x " + x);
            assertTrue(near(img, x, TrainingReportPng.waveY(-0.25, range), TrainingReportPng.PREDICTION), "prediction at x " + x);
            assertTrue(near(img, x, TrainingReportPng.waveY(0.1, range), TrainingReportPng.INPUT), "input at x " + x);
            // and nowhere else in the column: the colours are where the data says
            int yt = TrainingReportPng.waveY(0.5, range);
            assertFalse(inColumn(img, x, yt + 5, WAVE.y + WAVE.height - 1, TrainingReportPng.TARGET), "target below its value");
            assertFalse(inColumn(img, x, WAVE.y, yt - 5, TrainingReportPng.TARGET), "target above its value");
        }
    }

    @Test
    void theZoomedWindowIsCentredOnTheTargetsLoudestSample() {
        int n = 48_000;
        float[] target = new float[n];
        for (int i = 0; i < n; i++) {
            target[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        target[30_000] = 0.9f;
        TrainingReportPng.Window w = TrainingReportPng.Window.of(target, RATE);
        assertEquals(2_400, w.to() - w.from()); // 50 ms
        assertEquals(30_000 - 1_200, w.from());
        BufferedImage img = TrainingReportPng.render(new float[n], target, new float[n], new double[0], RATE);
        double range = 1.05 * 0.9;
        assertTrue(near(img, w.x(30_000), TrainingReportPng.waveY(0.9, range), TrainingReportPng.TARGET));
        assertEquals(WAVE.x + WAVE.width / 2, w.x(30_000), 1.0);
    }

    @Test
    void theEsrIsPlottedOnALogAxis() {
        double[] esr = {0.1, 0.01, 0.001, Double.NaN, 0.002};
        assertArrayEquals(new int[] {-3, -1}, TrainingReportPng.decades(esr));
        BufferedImage img = TrainingReportPng.render(new float[100], new float[100], new float[100], esr, RATE);
        // 1e-2 is halfway between 1e-3 and 1e-1 on a log axis
        assertEquals(ESR.y + (ESR.height - 1) / 2, TrainingReportPng.esrY(0.01, -3, -1), 1.0);
        for (int e : new int[] {1, 2, 3, 5}) {
            int x = TrainingReportPng.esrX(e, esr.length);
            int y = TrainingReportPng.esrY(esr[e - 1], -3, -1);
            assertEquals(TrainingReportPng.ESR_LINE.getRGB() & 0xFFFFFF, img.getRGB(x, y) & 0xFFFFFF, "epoch " + e);
        }
        // the NaN epoch is not drawn: no ESR colour in its column away from the line's neighbours
        int x4 = TrainingReportPng.esrX(4, esr.length);
        assertFalse(inColumn(img, x4, ESR.y, ESR.y + ESR.height - 1, TrainingReportPng.ESR_LINE));
        assertEquals(ESR.x, TrainingReportPng.esrX(1, 5));
        assertEquals(ESR.x + ESR.width - 1, TrainingReportPng.esrX(5, 5));
    }

    @Test
    void signalsOfDifferentLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingReportPng.render(new float[10], new float[10], new float[9], new double[0], RATE));
        assertEquals("validationInput, validationTarget and prediction must be of one length, found 10, 10, 9", e.getMessage());
    }
}
