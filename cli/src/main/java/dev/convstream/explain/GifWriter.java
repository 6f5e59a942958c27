package dev.convstream.explain;

import dev.convstream.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Animated GIFs with the JDK's own GIF writer: each frame gets a graphic-control extension
 * (its delay) and the first an application extension NETSCAPE2.0 (loop forever), the two
 * pieces of metadata browsers read.
 */
public final class GifWriter {

    private GifWriter() {
    }

    /** Writes {@code frames}, each shown {@code delayMillis[i]} ms (GIF stores hundredths), looping. */
    public static void write(Path file, List<BufferedImage> frames, int[] delayMillis) throws IOException {
        if (frames.isEmpty() || frames.size() != delayMillis.length) {
            throw new IllegalArgumentException("need one delay per frame, found " + frames.size() + " frames and "
                    + delayMillis.length + " delays");
        }
        java.awt.image.IndexColorModel palette = palette(frames);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        // Through a temporary file renamed into place: an interrupted run leaves no half GIF.
        AtomicFiles.write(file, target -> writeFrames(writer, target, frames, delayMillis, palette));
    }

    private static void writeFrames(ImageWriter writer, java.io.OutputStream target, List<BufferedImage> frames,
                                    int[] delayMillis, java.awt.image.IndexColorModel palette) throws IOException {
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = indexed(frames.get(i), palette);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        param);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis[i] / 10)));
                control.setAttribute("transparentColorIndex", "0");
                // every frame carries the shared palette itself; without it the JDK writer pairs
                // the indices with a default global table and the colours come out wrong
                IIOMetadataNode table = child(root, "LocalColorTable");
                while (table.getLength() > 0) {
                    table.removeChild(table.getFirstChild());
                }
                table.setAttribute("sizeOfLocalColorTable", Integer.toString(palette.getMapSize()));
                table.setAttribute("sortFlag", "FALSE");
                for (int c = 0; c < palette.getMapSize(); c++) {
                    IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
                    entry.setAttribute("index", Integer.toString(c));
                    entry.setAttribute("red", Integer.toString(palette.getRed(c)));
                    entry.setAttribute("green", Integer.toString(palette.getGreen(c)));
                    entry.setAttribute("blue", Integer.toString(palette.getBlue(c)));
                    table.appendChild(entry);
                }
                if (i == 0) {
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
                    apps.appendChild(loop);
                }
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /**
     * One palette for every frame (the JDK writer keeps the first frame's colour table): the
     * 256 most frequent colours over all frames. Diagrams have few colours, so this is exact
     * where it matters; the rest (text anti-aliasing) maps to the nearest.
     */
    static java.awt.image.IndexColorModel palette(List<BufferedImage> frames) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (BufferedImage f : frames) {
            int[] pixels = f.getRGB(0, 0, f.getWidth(), f.getHeight(), null, 0, f.getWidth());
            // counted by runs: diagrams are mostly long runs of one colour, and boxing every pixel is slow
            for (int i = 0; i < pixels.length; ) {
                int c = pixels[i] & 0xffffff;
                int j = i + 1;
                while (j < pixels.length && (pixels[j] & 0xffffff) == c) {
                    j++;
                }
                counts.merge(c, j - i, Integer::sum);
                i = j;
            }
        }
        int[] colours = counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(256).mapToInt(java.util.Map.Entry::getKey).toArray();
        // 256 entries (unused ones black): a GIF colour table's size is a power of two
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < colours.length; i++) {
            r[i] = (byte) (colours[i] >> 16);
            g[i] = (byte) (colours[i] >> 8);
            b[i] = (byte) colours[i];
        }
        return new java.awt.image.IndexColorModel(8, 256, r, g, b);
    }

    /** {@code rgb} in {@code model}'s colours, each pixel the nearest palette entry. */
    static BufferedImage indexed(BufferedImage rgb, java.awt.image.IndexColorModel model) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] palette = new int[model.getMapSize()];
        model.getRGBs(palette);
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        java.util.Map<Integer, Byte> nearest = new java.util.HashMap<>();
        int lastColour = -1;
        byte lastIndex = 0;
        for (int i = 0; i < pixels.length; i++) {
            int c = pixels[i] & 0xffffff;
            if (c != lastColour) {
                lastIndex = nearest.computeIfAbsent(c, x -> (byte) nearestIndex(x, palette));
                lastColour = c;
            }
            data[i] = lastIndex;
        }
        return out;
    }

    private static int nearestIndex(int c, int[] palette) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = ((c >> 16) & 0xff) - ((palette[i] >> 16) & 0xff);
            int dg = ((c >> 8) & 0xff) - ((palette[i] >> 8) & 0xff);
            int db = (c & 0xff) - (palette[i] & 0xff);
            long d = (long) dr * dr + (long) dg * dg + (long) db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
