package dev.convstream.cli;

import dev.convstream.io.AtomicFiles;
import dev.convstream.explain.GifWriter;
import dev.convstream.explain.KernelSweep;
import dev.convstream.explain.ReceptiveFieldStack;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convstream explain}: pictures of what a convolution does. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Draw what a convolution does (PNG and animated GIF).",
                "conv2d_sweep: a kernel sweeping a 2D input, filling the feature map cell by cell.",
                "receptive_field: how the receptive field of a dilated 1D stack grows layer by layer",
                "(default: NAM's A1 WaveNet, kernel 3, dilations 1,2,...,512 twice)."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "convstream-explain", paramLabel = "DIR",
            description = "Output directory (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--kernel", defaultValue = "3", description = "Kernel size, both pictures (default: ${DEFAULT-VALUE}).")
    int kernel;

    @Option(names = "--size", defaultValue = "9", description = "2D input height and width (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--stride", defaultValue = "1", description = "2D stride (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--padding", defaultValue = "0", description = "2D zero padding, < kernel (default: ${DEFAULT-VALUE}).")
    int padding;

    @Option(names = "--dilations", split = ",", paramLabel = "D",
            description = "Dilations of the 1D stack (default: 1,2,4,...,512 twice: the A1 WaveNet).")
    int[] dilations;

    @Option(names = "--rate", defaultValue = "48000", description = "Sample rate for milliseconds (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--delay", defaultValue = "400", paramLabel = "MS", description = "GIF frame time (default: ${DEFAULT-VALUE}).")
    int delay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (size > 32 || kernel > 16) {
            throw new ParameterException(spec.commandLine(), "--size must be <= 32 and --kernel <= 16 to stay legible");
        }
        if (delay < 10) {
            throw new ParameterException(spec.commandLine(), "--delay must be >= 10 ms, found " + delay);
        }
        KernelSweep sweep;
        ReceptiveFieldStack stack;
        try {
            sweep = new KernelSweep(size, kernel, stride, padding);
            stack = new ReceptiveFieldStack(kernel, dilations == null ? ReceptiveFieldStack.a1Dilations() : dilations,
                    rate);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Files.createDirectories(out);
        List<BufferedImage> sweepFrames = sweep.frames();
        Path sweepPng = out.resolve("conv2d_sweep.png");
        Path sweepGif = out.resolve("conv2d_sweep.gif");
        // the PNG: the sweep half-way, so window, kernel and a part-filled map are all visible
        BufferedImage halfWay = sweepFrames.get(sweepFrames.size() / 2);
        AtomicFiles.write(sweepPng, o -> ImageIO.write(halfWay, "png", o));
        GifWriter.write(sweepGif, sweepFrames, delays(sweepFrames.size(), delay));
        List<BufferedImage> rfFrames = stack.frames();
        Path rfPng = out.resolve("receptive_field.png");
        Path rfGif = out.resolve("receptive_field.gif");
        BufferedImage picture = stack.picture();
        AtomicFiles.write(rfPng, o -> ImageIO.write(picture, "png", o));
        GifWriter.write(rfGif, rfFrames, delays(rfFrames.size(), delay));
        int[] rf = stack.receptiveFields();
        System.out.printf("2D: %dx%d kernel over %dx%d input (stride %d, padding %d) -> %dx%d feature map, %d frames%n",
                kernel, kernel, size, size, stride, padding, sweep.outputSize(), sweep.outputSize(), sweepFrames.size());
        System.out.printf("1D: %d layers, kernel %d, receptive field %s samples%n", rf.length, kernel,
                Arrays.toString(rf));
        for (Path p : List.of(sweepPng, sweepGif, rfPng, rfGif)) {
            System.out.println("  " + p.toAbsolutePath().normalize());
        }
        return 0;
    }

    /** Every frame {@code ms}, the last one held four times as long before the loop restarts. */
    private static int[] delays(int frames, int ms) {
        int[] d = new int[frames];
        Arrays.fill(d, ms);
        d[frames - 1] = 4 * ms;
        return d;
    }
}
