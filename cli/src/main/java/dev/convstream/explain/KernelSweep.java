package dev.convstream.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A K x K kernel sweeping a small integer image (PyTorch's Conv2d: cross-correlation, zero
 * padding, stride), drawn one output cell at a time: the input with its padding, the kernel
 * window highlighted on it, the kernel, and the feature map filling up, with the sum that
 * gives the current cell written out underneath.
 */
public final class KernelSweep {

    private static final int CELL = 40;
    private static final int GAP = 70;
    private static final int MARGIN = 30;
    private static final int TITLE = 34;
    private static final int FOOTER = 70;
    private static final Color WINDOW = new Color(255, 204, 153);
    private static final Color CURRENT = new Color(255, 102, 0);
    private static final Color PADDING = new Color(221, 221, 221);
    private static final Color FILLED = new Color(204, 229, 255);
    private static final Color KERNEL = new Color(255, 236, 179);

    private final int[][] input;
    private final int[][] kernel;
    private final int stride;
    private final int padding;
    private final int[][] output;

    /**
     * @param size    input height and width (the classic picture: 9)
     * @param k       kernel size (3)
     * @param stride  step of the window, >= 1
     * @param padding zeros around the input, 0 <= padding < k
     */
    public KernelSweep(int size, int k, int stride, int padding) {
        if (size < 1 || k < 1 || stride < 1 || padding < 0 || padding >= k) {
            throw new IllegalArgumentException("need size >= 1, kernel >= 1, stride >= 1, 0 <= padding < kernel;"
                    + " found size=" + size + " kernel=" + k + " stride=" + stride + " padding=" + padding);
        }
        if (size + 2 * padding < k) {
            throw new IllegalArgumentException("kernel " + k + " is larger than the padded input " + (size + 2 * padding));
        }
        this.stride = stride;
        this.padding = padding;
        input = new int[size][size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                input[r][c] = (r * 7 + c * 3 + r * c) % 5; // small, varied, deterministic digits
            }
        }
        kernel = new int[k][k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                // a vertical-edge detector (Sobel-like for k = 3): -1 .. 1 across, centre row weighted 2
                int across = c - (k - 1) / 2;
                kernel[r][c] = Integer.signum(across) * (r == (k - 1) / 2 ? 2 : 1);
            }
        }
        int out = (size + 2 * padding - k) / stride + 1;
        output = new int[out][out];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < out; c++) {
                output[r][c] = dot(r, c);
            }
        }
    }

    /** Output size per side. */
    public int outputSize() {
        return output.length;
    }

    /** The feature map, row by row. */
    public int[][] output() {
        int[][] copy = new int[output.length][];
        for (int r = 0; r < output.length; r++) {
            copy[r] = output[r].clone();
        }
        return copy;
    }

    /** Input value at padded coordinates (zero in the padding). */
    int paddedInput(int r, int c) {
        int ir = r - padding;
        int ic = c - padding;
        return ir < 0 || ic < 0 || ir >= input.length || ic >= input.length ? 0 : input[ir][ic];
    }

    private int dot(int outR, int outC) {
        int sum = 0;
        for (int i = 0; i < kernel.length; i++) {
            for (int j = 0; j < kernel.length; j++) {
                sum += kernel[i][j] * paddedInput(outR * stride + i, outC * stride + j);
            }
        }
        return sum;
    }

    /** One frame per output cell, in raster order. */
    public List<BufferedImage> frames() {
        List<BufferedImage> frames = new ArrayList<>();
        int n = outputSize() * outputSize();
        for (int step = 0; step < n; step++) {
            frames.add(frame(step));
        }
        return frames;
    }

    /** The picture while output cell {@code step} (raster order) is being filled. */
    public BufferedImage frame(int step) {
        int k = kernel.length;
        int padded = input.length + 2 * padding;
        int out = outputSize();
        int curR = step / out;
        int curC = step % out;
        int inX = MARGIN;
        // columns at least as wide as their titles
        int kX = inX + Math.max(padded * CELL, 250) + GAP;
        int oX = kX + Math.max(k * CELL, 190) + GAP;
        int gridTop = MARGIN + TITLE;
        int width = oX + out * CELL + MARGIN;
        int height = gridTop + Math.max(padded, k) * CELL + FOOTER;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        Font digits = new Font(Font.SANS_SERIF, Font.PLAIN, 17);

        g.setFont(title);
        g.setColor(Color.BLACK);
        g.drawString("input " + input.length + "x" + input.length + (padding > 0 ? ", zero padding " + padding : ""),
                inX, MARGIN + 16);
        g.drawString("kernel " + k + "x" + k + (stride > 1 ? ", stride " + stride : ""), kX, MARGIN + 16);
        g.drawString("feature map " + out + "x" + out, oX, MARGIN + 16);

        g.setFont(digits);
        int winR = curR * stride;
        int winC = curC * stride;
        for (int r = 0; r < padded; r++) {
            for (int c = 0; c < padded; c++) {
                boolean inPadding = r < padding || c < padding || r >= padding + input.length
                        || c >= padding + input.length;
                boolean inWindow = r >= winR && r < winR + k && c >= winC && c < winC + k;
                Color fill = inWindow ? WINDOW : inPadding ? PADDING : Color.WHITE;
                cell(g, inX + c * CELL, gridTop + r * CELL, fill, Integer.toString(paddedInput(r, c)));
            }
        }
        thickBox(g, inX + winC * CELL, gridTop + winR * CELL, k * CELL, k * CELL);
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                cell(g, kX + c * CELL, gridTop + r * CELL, KERNEL, Integer.toString(kernel[r][c]));
            }
        }
        thickBox(g, kX, gridTop, k * CELL, k * CELL);
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < out; c++) {
                int idx = r * out + c;
                Color fill = idx == step ? WINDOW : idx < step ? FILLED : Color.WHITE;
                cell(g, oX + c * CELL, gridTop + r * CELL, fill, idx <= step ? Integer.toString(output[r][c]) : "");
            }
        }
        thickBox(g, oX + curC * CELL, gridTop + curR * CELL, CELL, CELL);

        // the arithmetic of the current cell, under the pictures
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.setColor(Color.BLACK);
        int textY = gridTop + Math.max(padded, k) * CELL + 28;
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < k && sum.length() < 150; i++) {
            for (int j = 0; j < k; j++) {
                if (kernel[i][j] == 0) {
                    continue;
                }
                int v = paddedInput(winR + i, winC + j);
                sum.append(sum.length() == 0 ? "" : " + ").append(kernel[i][j] < 0 ? "(" + kernel[i][j] + ")" : kernel[i][j])
                        .append("\u00b7").append(v);
            }
        }
        g.drawString(String.format("out[%d][%d] = sum(window \u00d7 kernel) = %s = %d", curR, curC, sum, output[curR][curC]),
                inX, textY);
        g.setColor(Color.DARK_GRAY);
        g.drawString("The window moves " + stride + " cell" + (stride > 1 ? "s" : "") + " at a time; each position gives"
                + " one output cell (PyTorch Conv2d: cross-correlation, no flip).", inX, textY + 24);
        g.dispose();
        return img;
    }

    private static void cell(Graphics2D g, int x, int y, Color fill, String text) {
        g.setColor(fill);
        g.fillRect(x, y, CELL, CELL);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, CELL, CELL);
        if (!text.isEmpty()) {
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(text, x + (CELL - fm.stringWidth(text)) / 2, y + (CELL + fm.getAscent() - fm.getDescent()) / 2);
        }
    }

    private static void thickBox(Graphics2D g, int x, int y, int w, int h) {
        g.setColor(CURRENT);
        g.setStroke(new BasicStroke(4));
        g.drawRect(x, y, w, h);
        g.setStroke(new BasicStroke(1));
    }
}
