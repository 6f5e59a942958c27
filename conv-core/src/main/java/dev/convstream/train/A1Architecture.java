package dev.convstream.train;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.model.LayerArrayConfig;
import dev.convstream.model.WaveNetConfig;

import java.util.List;

/**
 * The four WaveNet sizes of NAM's trainer ({@code nam/train/core.py}, {@code _get_wavenet_config}):
 * two layer arrays of kernel 3, Tanh, not gated, head bias only in the second array, head scale
 * 0.02. STANDARD is 16 then 8 channels with dilations 1..512 twice; LITE, FEATHER and NANO are
 * 12/6, 8/4 and 4/2 channels with dilations 1..64 then 128, 256, 512, 1..512.
 */
public enum A1Architecture {
    STANDARD(16, 8, Dilations.TEN, Dilations.TEN),
    LITE(12, 6, Dilations.SEVEN, Dilations.THIRTEEN),
    FEATHER(8, 4, Dilations.SEVEN, Dilations.THIRTEEN),
    NANO(4, 2, Dilations.SEVEN, Dilations.THIRTEEN);

    private static final int KERNEL_SIZE = 3;
    private static final float HEAD_SCALE = 0.02f;

    private final int channels1;
    private final int channels2;
    private final int[] dilations1;
    private final int[] dilations2;

    A1Architecture(int channels1, int channels2, int[] dilations1, int[] dilations2) {
        this.channels1 = channels1;
        this.channels2 = channels2;
        this.dilations1 = dilations1;
        this.dilations2 = dilations2;
    }

    /**
     * The inference config, as {@link dev.convstream.model.nam.NamLoader} reads the written file:
     * array 0 (input 1, head_size = channels of array 1, no head bias), array 1 (input = channels
     * of array 0, head_size 1, head bias); head scale 0.02.
     */
    public WaveNetConfig config() {
        return new WaveNetConfig(List.of(
                new LayerArrayConfig(1, 1, channels2, channels1, KERNEL_SIZE, dilations1.clone(),
                        ActivationFunction.tanh(), false, false),
                new LayerArrayConfig(channels1, 1, 1, channels2, KERNEL_SIZE, dilations2.clone(),
                        ActivationFunction.tanh(), false, true)), HEAD_SCALE);
    }

    /** The lower-case name NAM's trainer and the CLI use ({@code standard}, {@code lite}, ...). */
    public String namName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A fresh model with PyTorch's default initialisation (every conv's weight and bias uniform in
     * {@code ±1/sqrt(fan_in)}), drawn from {@code seed} in NAM's weight order, and the head
     * scale 0.02 as the last parameter. The same seed gives the same parameters.
     */
    public TrainableModel newModel(long seed) {
        return WaveNetA1Trainable.initialised(config(), seed);
    }

    /** Parses {@code standard|lite|feather|nano} (any case). */
    public static A1Architecture parse(String name) {
        for (A1Architecture a : values()) {
            if (a.namName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("architecture must be one of standard, lite, feather, nano, found " + name);
    }

    /** NAM's dilation lists; a holder, because enum constants cannot read their enum's static fields. */
    private static final class Dilations {
        static final int[] TEN = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        static final int[] SEVEN = {1, 2, 4, 8, 16, 32, 64};
        static final int[] THIRTEEN = {128, 256, 512, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
    }
}
