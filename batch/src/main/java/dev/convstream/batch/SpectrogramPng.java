package dev.convstream.batch;

import dev.convstream.check.Require;
import dev.convstream.features.LogMelConfig;
import dev.convstream.io.AtomicFiles;
import dev.convstream.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * PNG pictures of a log-mel spectrogram ({@code <output>.png}) and, with a CNN, of its first
 * feature maps ({@code <output>.maps.png}), drawn headless with {@link BufferedImage} and
 * {@link ImageIO}.
 *
 * <p>The spectrogram: time left to right with ticks in seconds (frame centres), mel bands
 * bottom to top with ticks in Hz placed on the mel axis (so the spacing shows the mel
 * warping), a colour bar in dB. Colour map: viridis, perceptually uniform and readable in
 * grey scale and by most colour-blind readers. One column per frame up to
 * {@value #MAX_PLOT_WIDTH} pixels (longer inputs: each column shows the frame at its centre).
 */
public final class SpectrogramPng {
    /**
     * viridis (van der Walt and Smith, matplotlib 2.0's default map, CC0) at 10 equally spaced
     * points, the values of R viridisLite's {@code viridis(10)}: #440154 #482878 #3E4A89 #31688E
     * #26828E #1F9E89 #35B779 #6DCD59 #B4DE2C #FDE725; interpolated linearly in between.
     */
    static final int[] VIRIDIS = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59,
            0xB4DE2C, 0xFDE725};
    static final int MAX_PLOT_WIDTH = 1600;
    static final int MIN_PLOT_WIDTH = 400;
    public static final int LEFT = 72;
    static final int RIGHT = 86;
    public static final int TOP = 28;
    static final int BOTTOM = 44;
    private static final int MAP_PANEL_HEIGHT = 72;

    private final int maps;

    /** @param maps feature maps to draw per input besides the spectrogram (0: none) */
    public SpectrogramPng(int maps) {
        Require.nonNegative("png maps", maps);
        System.setProperty("java.awt.headless", "true");
        this.maps = maps;
    }

    /** Plot area width for {@code frames} frames: one column per frame, within [{@value #MIN_PLOT_WIDTH}, {@value #MAX_PLOT_WIDTH}]. */
    public static int plotWidth(int frames) {
        return Math.max(MIN_PLOT_WIDTH, Math.min(frames, MAX_PLOT_WIDTH));
    }

    /** The frame pixel column {@code px} of {@code pw} shows (columns stretch or sample frames evenly). */
    private static int frameAt(int px, int pw, int frames) {
        return Math.min(frames - 1, (int) ((px + 0.5) * frames / pw));
    }

    /** Plot area height for {@code nMels} bands: 4 px a band, within [160, 512]. */
    public static int plotHeight(int nMels) {
        return Math.max(160, Math.min(512, nMels * 4));
    }

    /** Size {width, height} of the spectrogram picture. */
    public static int[] imageSize(int frames, int nMels) {
        return new int[] {LEFT + plotWidth(frames) + RIGHT, TOP + plotHeight(nMels) + BOTTOM};
    }

    /** Writes the spectrogram picture to {@code path} and, when maps were asked and there is a CNN, the maps picture. */
    public void write(Path path, Tensor logMel, FeaturePipeline pipeline) throws IOException {
        LogMelConfig c = pipeline.config();
        int frames = logMel.dim(2);
        int mels = logMel.dim(3);
        String title = path.getFileName().toString().replaceFirst("\\.png$", "");
        BufferedImage img = spectrogram(logMel.data(), frames, mels, c, title);
        AtomicFiles.write(path, out -> ImageIO.write(img, "png", out));
        if (maps > 0 && pipeline.hasCnn()) {
            Tensor fm = pipeline.featureMaps(logMel);
            BufferedImage m = featureMaps(fm, Math.min(maps, fm.dim(1)), secondsPerFrame(c) * frames / fm.dim(2),
                    title);
            Path mapsPath = path.resolveSibling(title + ".maps.png");
            AtomicFiles.write(mapsPath, out -> ImageIO.write(m, "png", out));
        }
    }

    /**
     * Pictures of several spectrograms made with the same {@code config}, one above the other,
     * each with its own axes, colour bar and title.
     */
    public static BufferedImage stacked(LogMelConfig config, List<Map.Entry<String, Tensor>> titledLogMels) {
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : titledLogMels) {
            Tensor t = e.getValue();
            panels.add(spectrogram(t.data(), t.dim(2), t.dim(3), config, e.getKey()));
        }
        int width = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = panels.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage img = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        int y = 0;
        for (BufferedImage panel : panels) {
            g.drawImage(panel, 0, y, null);
            y += panel.getHeight();
        }
        g.dispose();
        return img;
    }

    private static double secondsPerFrame(LogMelConfig c) {
        return (double) c.stft().hop() / c.sampleRate();
    }

    static BufferedImage spectrogram(float[] x, int frames, int mels, LogMelConfig c, String title) {
        int[] size = imageSize(frames, mels);
        int pw = plotWidth(frames);
        int ph = plotHeight(mels);
        BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        for (int px = 0; px < pw; px++) {
            int t = frameAt(px, pw, frames);
            for (int py = 0; py < ph; py++) {
                int m = Math.min(mels - 1, (int) ((ph - 1 - py) * (long) mels / ph));
                img.setRGB(LEFT + px, TOP + py, color((x[t * mels + m] - lo) / (hi - lo)));
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT - 1, TOP - 1, pw + 1, ph + 1);
        g.drawString(title, LEFT, TOP - 10);
        // Time axis: frame t is centred on t*hop (centred STFT) or t*hop + n_fft/2.
        double spf = secondsPerFrame(c);
        double offset = c.stft().center() ? 0 : c.stft().nFft() / 2.0 / c.sampleRate();
        double t0 = offset;
        double t1 = offset + (frames - 1) * spf;
        double step = niceStep((t1 - t0) / 8);
        for (double s = Math.ceil(t0 / step) * step; s <= t1 + 1e-9; s += step) {
            double frame = (s - t0) / spf + 0.5; // the centre of the frame's columns
            tick(g, LEFT + (int) Math.round(frame * pw / frames), TOP + ph, true, format(s));
        }
        centred(g, "time (s)", LEFT + pw / 2, TOP + ph + 38);
        // Frequency axis: ticks at round Hz values placed on the mel axis.
        double melLo = c.melScale().hzToMel(c.fmin());
        double melHi = c.melScale().hzToMel(c.effectiveFmax());
        int lastLabel = Integer.MAX_VALUE;
        for (double hz : new double[] {0, 100, 200, 500, 1000, 2000, 4000, 8000, 16000, 32000}) {
            if (hz < c.fmin() || hz > c.effectiveFmax()) {
                continue;
            }
            double frac = (c.melScale().hzToMel(hz) - melLo) / (melHi - melLo);
            int py = TOP + ph - (int) Math.round(frac * ph);
            if (lastLabel - py < 13) {
                continue; // would overlap the label below (low frequencies crowd on the mel axis)
            }
            lastLabel = py;
            tick(g, py, LEFT, false, hz >= 1000 ? format(hz / 1000) + "k" : format(hz));
        }
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(-Math.PI / 2);
        centred(rot, "frequency (Hz, mel axis)", -(TOP + ph / 2), 14);
        rot.dispose();
        colourBar(g, LEFT + pw + 14, TOP, ph, lo, hi);
        g.dispose();
        return img;
    }

    private static void colourBar(Graphics2D g, int x, int top, int h, float lo, float hi) {
        int w = 14;
        for (int py = 0; py < h; py++) {
            g.setColor(new Color(color(1 - (double) py / (h - 1))));
            g.drawLine(x, top + py, x + w - 1, top + py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x - 1, top - 1, w + 1, h + 1);
        double step = niceStep((hi - lo) / 6);
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
            int py = top + h - 1 - (int) Math.round((v - lo) / (hi - lo) * (h - 1));
            g.drawLine(x + w, py, x + w + 4, py);
            g.drawString(format(v), x + w + 7, py + 4);
        }
        g.drawString("dB", x, top + h + 16);
    }

    static BufferedImage featureMaps(Tensor maps, int count, double secondsPerMapFrame, String title) {
        int frames = maps.dim(2);
        int bands = maps.dim(3);
        int pw = plotWidth(frames);
        int height = TOP + count * (MAP_PANEL_HEIGHT + 8) + BOTTOM;
        BufferedImage img = new BufferedImage(LEFT + pw + 20, height, BufferedImage.TYPE_INT_RGB);
        // Panels share the spectrogram's time axis; each map is scaled to its own min..max.
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString(title + ": CNN feature maps 0-" + (count - 1) + ", each on its own colour scale", LEFT, TOP - 10);
        float[] x = maps.data();
        for (int ch = 0; ch < count; ch++) {
            int base = ch * frames * bands;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < frames * bands; i++) {
                lo = Math.min(lo, x[base + i]);
                hi = Math.max(hi, x[base + i]);
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            int top = TOP + ch * (MAP_PANEL_HEIGHT + 8);
            for (int px = 0; px < pw; px++) {
                int t = frameAt(px, pw, frames);
                for (int py = 0; py < MAP_PANEL_HEIGHT; py++) {
                    int b = Math.min(bands - 1, (MAP_PANEL_HEIGHT - 1 - py) * bands / MAP_PANEL_HEIGHT);
                    img.setRGB(LEFT + px, top + py, color((x[base + t * bands + b] - lo) / (hi - lo)));
                }
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT - 1, top - 1, pw + 1, MAP_PANEL_HEIGHT + 1);
            g.drawString("ch " + ch, 8, top + MAP_PANEL_HEIGHT / 2 + 4);
        }
        int axis = TOP + count * (MAP_PANEL_HEIGHT + 8) - 8;
        double total = frames * secondsPerMapFrame;
        double step = niceStep(total / 8);
        for (double s = 0; s <= total + 1e-9; s += step) {
            tick(g, LEFT + (int) Math.round(s / total * pw), axis, true, format(s));
        }
        centred(g, "time (s); vertical: mel band after pooling, low at the bottom", LEFT + pw / 2, axis + 38);
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1));
        return g;
    }

    private static void tick(Graphics2D g, int at, int edge, boolean horizontalAxis, String label) {
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        if (horizontalAxis) {
            g.drawLine(at, edge, at, edge + 4);
            g.drawString(label, at - fm.stringWidth(label) / 2, edge + 17);
        } else {
            g.drawLine(edge - 4, at, edge, at);
            g.drawString(label, edge - 7 - fm.stringWidth(label), at + 4);
        }
    }

    private static void centred(Graphics2D g, String s, int x, int y) {
        g.setColor(Color.BLACK);
        g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= rough) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String format(double v) {
        double r = Math.round(v * 1000) / 1000.0;
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%d", (long) r)
                : String.format(Locale.ROOT, "%s", Double.toString(r)).replaceAll("0+$", "");
    }

    /** viridis RGB of {@code f} in [0, 1] (clamped). */
    static int color(double f) {
        double p = Math.max(0, Math.min(1, f)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) p);
        double w = p - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - w) + ((b >> 16) & 255) * w);
        int gr = (int) Math.round(((a >> 8) & 255) * (1 - w) + ((b >> 8) & 255) * w);
        int bl = (int) Math.round((a & 255) * (1 - w) + (b & 255) * w);
        return (r << 16) | (gr << 8) | bl;
    }
}
