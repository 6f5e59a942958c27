package dev.convstream.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the receptive field of a stack of causal dilated 1D convolutions grows layer by layer:
 * layer {@code i} (kernel k, dilation d) adds {@code (k-1)·d} samples of past, so after it one
 * output sample sees {@code 1 + sum (k-1)·d} input samples. Drawn as one bar per layer,
 * right-aligned at "now" and reaching back into the past, the part the layer added in a darker
 * shade.
 */
public final class ReceptiveFieldStack {

    private static final int ROW = 26;
    private static final int LABEL = 150;
    private static final int PLOT = 760;
    private static final int MARGIN = 24;
    private static final int TITLE = 54;
    private static final int FOOTER = 56;
    private static final Color GROWN = new Color(255, 102, 0);
    private static final Color BEFORE = new Color(153, 204, 255);

    private final int kernel;
    private final int[] dilations;
    private final double sampleRate;
    private final int[] receptiveFields;

    public ReceptiveFieldStack(int kernel, int[] dilations, double sampleRate) {
        if (kernel < 1 || dilations.length == 0 || !(sampleRate > 0)) {
            throw new IllegalArgumentException("need kernel >= 1, at least one dilation and a positive sample rate;"
                    + " found kernel=" + kernel + " dilations=" + dilations.length + " sampleRate=" + sampleRate);
        }
        this.kernel = kernel;
        this.dilations = dilations.clone();
        this.sampleRate = sampleRate;
        receptiveFields = new int[dilations.length];
        long rf = 1;
        for (int i = 0; i < dilations.length; i++) {
            if (dilations[i] < 1) {
                throw new IllegalArgumentException("dilation " + i + " must be >= 1, found " + dilations[i]);
            }
            rf += (long) (kernel - 1) * dilations[i];
            if (rf > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("receptive field overflows an int after layer " + i);
            }
            receptiveFields[i] = (int) rf;
        }
    }

    /** NAM's A1 standard WaveNet: kernel 3, dilations 1, 2, 4, ..., 512, twice. */
    public static int[] a1Dilations() {
        int[] d = new int[20];
        for (int i = 0; i < 20; i++) {
            d[i] = 1 << (i % 10);
        }
        return d;
    }

    /** Receptive field in samples after each layer. */
    public int[] receptiveFields() {
        return receptiveFields.clone();
    }

    /** The whole stack. */
    public BufferedImage picture() {
        return frame(dilations.length - 1);
    }

    /** One frame per layer: the stack up to that layer. */
    public List<BufferedImage> frames() {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < dilations.length; i++) {
            frames.add(frame(i));
        }
        return frames;
    }

    /** The stack up to and including layer {@code last}; rows for later layers stay empty so frames align. */
    public BufferedImage frame(int last) {
        int layers = dilations.length;
        int total = receptiveFields[layers - 1];
        int width = MARGIN + LABEL + PLOT + 190;
        int height = TITLE + layers * ROW + FOOTER;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(String.format(Locale.ROOT, "Receptive field of %d causal dilated convs, kernel %d", layers, kernel),
                MARGIN, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("each layer adds (kernel-1)\u00b7dilation samples of past (orange); the bar is what one output"
                + " sample sees", MARGIN, 44);
        int plotLeft = MARGIN + LABEL;
        int now = plotLeft + PLOT;
        double scale = PLOT / (double) total;
        for (int i = 0; i < layers; i++) {
            int y = TITLE + i * ROW;
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "layer %2d  d=%d", i + 1, dilations[i]), MARGIN, y + 17);
            if (i > last) {
                continue;
            }
            int before = i == 0 ? 1 : receptiveFields[i - 1];
            int rf = receptiveFields[i];
            int wBefore = Math.max(1, (int) Math.round(before * scale));
            int wAll = Math.max(wBefore + 1, (int) Math.round(rf * scale));
            g.setColor(BEFORE);
            g.fillRect(now - wBefore, y + 4, wBefore, ROW - 8);
            g.setColor(i == last ? GROWN : GROWN.brighter());
            g.fillRect(now - wAll, y + 4, wAll - wBefore, ROW - 8);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,d samples = %.1f ms", rf, 1000.0 * rf / sampleRate), now + 10,
                    y + 17);
        }
        int axisY = TITLE + layers * ROW + 6;
        g.setColor(Color.BLACK);
        g.drawLine(plotLeft, axisY, now, axisY);
        g.drawString("\u2190 past", plotLeft, axisY + 18);
        g.drawString("now", now - 12, axisY + 18);
        g.drawString(String.format(Locale.ROOT, "%,d samples = %.1f ms at %.0f Hz", total, 1000.0 * total / sampleRate,
                sampleRate), plotLeft + PLOT / 2 - 110, axisY + 18);
        g.dispose();
        return img;
    }
}
