package dev.convstream.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convstream.cli.ConvstreamCommand;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainPicturesTest {

    @Test
    void sweepComputesTheFeatureMapOfANaiveCrossCorrelation() {
        KernelSweep s = new KernelSweep(9, 3, 1, 0);
        assertEquals(7, s.outputSize());
        int[][] out = s.output();
        // independent: the kernel is -1/0/+1 across with the middle row doubled
        int[][] k = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 7; c++) {
                int sum = 0;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        sum += k[i][j] * s.paddedInput(r + i, c + j);
                    }
                }
                assertEquals(sum, out[r][c], "cell " + r + "," + c);
            }
        }
        assertEquals(5, new KernelSweep(9, 3, 2, 1).outputSize()); // (9 + 2 - 3) / 2 + 1
        assertThrows(IllegalArgumentException.class, () -> new KernelSweep(9, 3, 1, 3));
    }

    @Test
    void receptiveFieldOfTheA1WaveNet() {
        int[] rf = new ReceptiveFieldStack(3, ReceptiveFieldStack.a1Dilations(), 48_000).receptiveFields();
        assertEquals(20, rf.length);
        assertEquals(2047, rf[9]);   // 1 + 2*(1+2+...+512)
        assertEquals(4093, rf[19]);  // the WaveNetConfig.receptiveField() of the A1 model
        assertArrayEquals(new int[] {5, 13}, new ReceptiveFieldStack(5, new int[] {1, 2}, 16_000).receptiveFields());
    }

    @Test
    void commandWritesPngsAndLoopingGifs(@TempDir Path dir) throws Exception {
        assertEquals(0, ConvstreamCommand.execute("explain", "--out", dir.toString(), "--dilations", "1,2,4",
                "--size", "5", "--stride", "2", "--padding", "1"));
        for (String png : List.of("conv2d_sweep.png", "receptive_field.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertEquals(true, img.getWidth() > 400, png);
        }
        assertGif(dir.resolve("conv2d_sweep.gif").toFile(), 9); // (5 + 2 - 3) / 2 + 1 = 3 per side
        assertGif(dir.resolve("receptive_field.gif").toFile(), 3);
        assertEquals(2, ConvstreamCommand.execute("explain", "--out", dir.toString(), "--padding", "3"));
    }

    private static void assertGif(File file, int frames) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file)) {
            reader.setInput(in);
            assertEquals(frames, reader.getNumImages(true), file.getName());
            IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            assertEquals(1, first.getElementsByTagName("ApplicationExtension").getLength(), "NETSCAPE2.0 loop block");
            IIOMetadataNode control = (IIOMetadataNode) first.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("40", control.getAttribute("delayTime"));
            // colours survive: the top-left corner is white background
            assertEquals(0xffffff, reader.read(frames - 1).getRGB(2, 2) & 0xffffff);
        } finally {
            reader.dispose();
        }
    }
}
