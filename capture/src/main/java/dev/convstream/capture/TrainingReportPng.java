package dev.convstream.capture;

import dev.convstream.check.Require;
import dev.convstream.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The training report picture, {@value #WIDTH} x {@value #HEIGHT} pixels: above, the validation
 * input, target (the recording) and the model's prediction overlaid on a
 * {@value #ZOOM_SECONDS}-second window centred on the target's loudest sample (where the gear
 * works hardest); below, the validation ESR after each epoch on a logarithmic axis, the best
 * epoch marked. Drawn headless with {@link BufferedImage}, written through {@link AtomicFiles}.
 *
 * <p>Lines are drawn without anti-aliasing, so each point is a plain pixel of its series'
 * colour where {@link #waveY} and {@link #esrY} put it (the test reads them back).
 */
public final class TrainingReportPng {

    /** Picture size in pixels. */
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 800;
    /** The zoomed window's length. */
    public static final double ZOOM_SECONDS = 0.05;

    /** Where the waveforms are drawn. */
    static final Rectangle WAVE = new Rectangle(90, 50, 1060, 400);
    /** Where the ESR per epoch is drawn. */
    static final Rectangle ESR = new Rectangle(90, 530, 1060, 210);

    static final Color INPUT = new Color(150, 150, 150);
    static final Color TARGET = new Color(31, 119, 180);
    static final Color PREDICTION = new Color(255, 127, 14);
    static final Color ESR_LINE = new Color(214, 39, 40);
    private static final Color AXIS = new Color(60, 60, 60);
    private static final Color GRID = new Color(225, 225, 225);

    private TrainingReportPng() {
    }

    /**
     * Writes the report to {@code png}.
     *
     * @param validationInput       the validation input
     * @param validationTarget      the recording of it (aligned)
     * @param prediction            the trained model's output for it, sample {@code i} at the time of
     *                              the others' sample {@code i}
     * @param validationEsrPerEpoch validation ESR after each epoch (non-positive or non-finite values are not drawn)
     * @param sampleRate            samples per second
     * @throws IllegalArgumentException when the three signals differ in length or are empty
     */
    public static void write(Path png, float[] validationInput, float[] validationTarget, float[] prediction,
                             double[] validationEsrPerEpoch, int sampleRate) throws IOException {
        BufferedImage img = render(validationInput, validationTarget, prediction, validationEsrPerEpoch, sampleRate);
        // a memory cache: ImageIO's default file cache registers a shutdown hook, which fails
        // while the JVM shuts down, when `capture train` writes its report after Ctrl-C
        AtomicFiles.write(png, out -> {
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                ImageIO.write(img, "png", stream);
            }
        });
    }

    static BufferedImage render(float[] input, float[] target, float[] prediction, double[] esr, int sampleRate) {
        Require.notNull("validationInput", input);
        Require.notNull("validationTarget", target);
        Require.notNull("prediction", prediction);
        Require.notNull("validationEsrPerEpoch", esr);
        Require.atLeastOne("sampleRate", sampleRate);
        Require.atLeastOne("validationTarget length", target.length);
        if (input.length != target.length || prediction.length != target.length) {
            throw new IllegalArgumentException("validationInput, validationTarget and prediction must be of one length, found "
                    + input.length + ", " + target.length + ", " + prediction.length);
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        Window w = Window.of(target, sampleRate);
        double range = w.range(input, target, prediction);
        drawWaves(g, w, range, input, target, prediction, sampleRate);
        drawEsr(g, esr);
        g.dispose();
        return img;
    }

    /** The samples shown: {@code [from, to)}. */
    record Window(int from, int to) {
        static Window of(float[] target, int sampleRate) {
            int n = Math.min(target.length, Math.max(2, (int) Math.round(ZOOM_SECONDS * sampleRate)));
            int loudest = 0;
            for (int i = 1; i < target.length; i++) {
                if (Math.abs(target[i]) > Math.abs(target[loudest])) {
                    loudest = i;
                }
            }
            int from = Math.max(0, Math.min(target.length - n, loudest - n / 2));
            return new Window(from, from + n);
        }

        /** The y axis's half range: the largest magnitude shown, plus 5 %, or 1 for silence. */
        double range(float[]... series) {
            double max = 0;
            for (float[] s : series) {
                for (int i = from; i < to; i++) {
                    if (Float.isFinite(s[i])) {
                        max = Math.max(max, Math.abs(s[i]));
                    }
                }
            }
            return max > 0 ? 1.05 * max : 1;
        }

        /** The pixel column of sample {@code i}. */
        int x(int i) {
            return to - from < 2 ? WAVE.x : WAVE.x + (int) Math.round((i - from) * (WAVE.width - 1.0) / (to - from - 1));
        }
    }

    /** The pixel row of {@code v} on an axis of half range {@code range}. */
    static int waveY(double v, double range) {
        return WAVE.y + (int) Math.round((1 - (v + range) / (2 * range)) * (WAVE.height - 1));
    }

    /** The pixel row of {@code esr} on a log axis of decades {@code [lo, hi]}. */
    static int esrY(double esr, int loDecade, int hiDecade) {
        double t = (Math.log10(esr) - loDecade) / (hiDecade - loDecade);
        return ESR.y + (int) Math.round((1 - t) * (ESR.height - 1));
    }

    /** The pixel column of epoch {@code e} (1-based) of {@code epochs}. */
    static int esrX(int e, int epochs) {
        return epochs < 2 ? ESR.x + ESR.width / 2 : ESR.x + (int) Math.round((e - 1) * (ESR.width - 1.0) / (epochs - 1));
    }

    /** The log axis's decades {lo, hi}: the powers of ten around the drawable values ({0, 0} when none). */
    static int[] decades(double[] esr) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double e : esr) {
            if (drawable(e)) {
                lo = Math.min(lo, Math.log10(e));
                hi = Math.max(hi, Math.log10(e));
            }
        }
        if (lo > hi) {
            return new int[] {0, 0};
        }
        int l = (int) Math.floor(lo);
        int h = (int) Math.ceil(hi);
        return new int[] {l, h == l ? l + 1 : h};
    }

    private static boolean drawable(double esr) {
        return esr > 0 && Double.isFinite(esr);
    }

    private static void drawWaves(Graphics2D g, Window w, double range, float[] input, float[] target,
                                  float[] prediction, int sampleRate) {
        g.setColor(AXIS);
        g.drawString(String.format(Locale.ROOT, "Validation: %.0f ms from %.3f s (the recording's loudest moment)",
                ZOOM_SECONDS * 1000, w.from() / (double) sampleRate), WAVE.x, WAVE.y - 28);
        legend(g, WAVE.x, WAVE.y - 10, new String[] {"input", "target (recording)", "prediction"},
                new Color[] {INPUT, TARGET, PREDICTION});
        g.setColor(GRID);
        g.drawLine(WAVE.x, waveY(0, range), WAVE.x + WAVE.width - 1, waveY(0, range));
        g.setColor(AXIS);
        g.drawRect(WAVE.x - 1, WAVE.y - 1, WAVE.width + 1, WAVE.height + 1);
        for (double v : new double[] {-range / 1.05, 0, range / 1.05}) {
            String label = String.format(Locale.ROOT, "%+.3f", v);
            g.drawString(label, WAVE.x - 8 - g.getFontMetrics().stringWidth(label), waveY(v, range) + 5);
        }
        String span = String.format(Locale.ROOT, "%.3f s", w.from() / (double) sampleRate);
        g.drawString(span, WAVE.x, WAVE.y + WAVE.height + 18);
        String end = String.format(Locale.ROOT, "%.3f s", w.to() / (double) sampleRate);
        g.drawString(end, WAVE.x + WAVE.width - g.getFontMetrics().stringWidth(end), WAVE.y + WAVE.height + 18);
        g.setStroke(new BasicStroke(2f));
        series(g, w, range, input, INPUT);
        series(g, w, range, target, TARGET);
        series(g, w, range, prediction, PREDICTION);
        g.setStroke(new BasicStroke(1f));
    }

    private static void series(Graphics2D g, Window w, double range, float[] s, Color color) {
        g.setColor(color);
        int px = -1;
        int py = -1;
        for (int i = w.from(); i < w.to(); i++) {
            if (!Float.isFinite(s[i])) {
                px = -1;
                continue;
            }
            int x = w.x(i);
            int y = waveY(s[i], range);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            } else {
                g.fillRect(x, y, 1, 1);
            }
            px = x;
            py = y;
        }
    }

    private static void drawEsr(Graphics2D g, double[] esr) {
        int[] d = decades(esr);
        int best = -1;
        for (int e = 0; e < esr.length; e++) {
            if (drawable(esr[e]) && (best < 0 || esr[e] < esr[best])) {
                best = e;
            }
        }
        g.setColor(AXIS);
        g.drawString(best < 0 ? "Validation ESR per epoch: none yet"
                        : String.format(Locale.ROOT, "Validation ESR per epoch (log scale); best: epoch %d, ESR %.4g",
                        best + 1, esr[best]),
                ESR.x, ESR.y - 12);
        g.drawRect(ESR.x - 1, ESR.y - 1, ESR.width + 1, ESR.height + 1);
        if (best < 0) {
            return;
        }
        for (int k = d[0]; k <= d[1]; k++) {
            int y = esrY(Math.pow(10, k), d[0], d[1]);
            g.setColor(GRID);
            g.drawLine(ESR.x, y, ESR.x + ESR.width - 1, y);
            g.setColor(AXIS);
            String label = "1e" + k;
            g.drawString(label, ESR.x - 8 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        int step = Math.max(1, (int) Math.ceil(esr.length / 10.0));
        for (int e = 1; e <= esr.length; e += step) {
            String label = String.valueOf(e);
            g.drawString(label, esrX(e, esr.length) - g.getFontMetrics().stringWidth(label) / 2, ESR.y + ESR.height + 18);
        }
        g.drawString("epoch", ESR.x + ESR.width / 2 - 18, ESR.y + ESR.height + 36);
        g.setColor(ESR_LINE);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int e = 0; e < esr.length; e++) {
            if (!drawable(esr[e])) {
                px = -1;
                continue;
            }
            int x = esrX(e + 1, esr.length);
            int y = esrY(esr[e], d[0], d[1]);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillRect(x - 2, y - 2, 5, 5);
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
        int bx = esrX(best + 1, esr.length);
        int by = esrY(esr[best], d[0], d[1]);
        g.drawOval(bx - 6, by - 6, 12, 12);
    }

    private static void legend(Graphics2D g, int x, int y, String[] names, Color[] colors) {
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y - 9, 18, 4);
            g.setColor(AXIS);
            g.drawString(names[i], x + 24, y - 3);
            x += 24 + g.getFontMetrics().stringWidth(names[i]) + 24;
        }
    }
}
