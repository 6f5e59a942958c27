package dev.convstream.examples;

import dev.convstream.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws log-mel spectrograms ({@code [1][1][frames][mels]} in dB, as LogMelSpectrogram
 * returns them) one above the other, low frequencies at the bottom, with a title per panel,
 * a time axis and a shared colour scale (the loudest value of all panels is the brightest).
 */
public final class SpectrogramPng {

    /** One panel: a title and its spectrogram. */
    public record Panel(String title, Tensor logMel) {
    }

    private static final int ROW_PIXELS = 2;
    private static final int MARGIN_LEFT = 56;
    private static final int MARGIN_RIGHT = 16;
    private static final int TITLE_HEIGHT = 24;
    private static final int AXIS_HEIGHT = 28;
    private static final double RANGE_DB = 80;

    /** Dark blue to yellow through purple and orange, like matplotlib's 'magma'. */
    private static final int[][] PALETTE = {
            {0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99}, {212, 72, 66}, {245, 125, 21}, {250, 193, 39},
            {252, 255, 164}};

    private SpectrogramPng() {
    }

    /** Writes the panels as a PNG; {@code hopSeconds} is the time between frames. */
    public static void write(Path file, List<Panel> panels, double hopSeconds) throws IOException {
        ImageIO.write(render(panels, hopSeconds), "png", file.toFile());
    }

    public static BufferedImage render(List<Panel> panels, double hopSeconds) {
        int frames = panels.get(0).logMel().shape()[2];
        int mels = panels.get(0).logMel().shape()[3];
        float max = Float.NEGATIVE_INFINITY;
        for (Panel p : panels) {
            for (float v : p.logMel().data()) {
                max = Math.max(max, v);
            }
        }
        int panelHeight = TITLE_HEIGHT + mels * ROW_PIXELS;
        int width = MARGIN_LEFT + frames + MARGIN_RIGHT;
        int height = panels.size() * panelHeight + AXIS_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int p = 0; p < panels.size(); p++) {
            Tensor t = panels.get(p).logMel();
            if (t.shape()[2] != frames || t.shape()[3] != mels) {
                throw new IllegalArgumentException("panel " + p + " must be [1][1][" + frames + "][" + mels
                        + "], found " + java.util.Arrays.toString(t.shape()));
            }
            int top = p * panelHeight;
            g.setColor(Color.BLACK);
            g.drawString(panels.get(p).title(), MARGIN_LEFT, top + TITLE_HEIGHT - 7);
            g.drawString("mel", 8, top + TITLE_HEIGHT + mels * ROW_PIXELS / 2);
            float[] d = t.data();
            for (int f = 0; f < frames; f++) {
                for (int m = 0; m < mels; m++) {
                    int rgb = colour((d[f * mels + m] - (max - RANGE_DB)) / RANGE_DB);
                    int y = top + TITLE_HEIGHT + (mels - 1 - m) * ROW_PIXELS;
                    for (int r = 0; r < ROW_PIXELS; r++) {
                        image.setRGB(MARGIN_LEFT + f, y + r, rgb);
                    }
                }
            }
        }
        int axisTop = panels.size() * panelHeight;
        g.setColor(Color.BLACK);
        g.drawLine(MARGIN_LEFT, axisTop, MARGIN_LEFT + frames, axisTop);
        double seconds = frames * hopSeconds;
        double step = seconds > 8 ? 2 : seconds > 2 ? 0.5 : 0.1;
        for (double s = 0; s <= seconds + 1e-9; s += step) {
            int x = MARGIN_LEFT + (int) Math.round(s / hopSeconds);
            g.drawLine(x, axisTop, x, axisTop + 4);
            g.drawString(String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", s), x - 8, axisTop + 17);
        }
        g.drawString("s", MARGIN_LEFT + frames + 2, axisTop + 17);
        g.dispose();
        return image;
    }

    /** {@code x} in [0, 1] (clamped) to a palette colour, linearly interpolated. */
    static int colour(double x) {
        double pos = Math.max(0, Math.min(1, x)) * (PALETTE.length - 1);
        int i = Math.min((int) pos, PALETTE.length - 2);
        double w = pos - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            rgb = (rgb << 8) | (int) Math.round(PALETTE[i][c] * (1 - w) + PALETTE[i + 1][c] * w);
        }
        return rgb;
    }
}
