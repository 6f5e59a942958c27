package dev.convstream.model;

/**
 * The places in a WaveNet layer where FiLM can modulate a signal by the condition c:
 * {@code v = v * scale(c) (+ shift(c))}, with {@code [scale; shift] = W c + b} a 1x1 conv of
 * the condition. Declared in the order their weights follow a layer's own weights.
 */
public enum FilmSite {
    /** The dilated conv's input h (C rows). */
    CONV_PRE("conv_pre_film"),
    /** The dilated conv's output (G*B rows). */
    CONV_POST("conv_post_film"),
    /** The condition before the input mixin (condition_size rows). */
    INPUT_MIXIN_PRE("input_mixin_pre_film"),
    /** The input mixin's output (G*B rows). */
    INPUT_MIXIN_POST("input_mixin_post_film"),
    /** z before the activation (G*B rows). */
    ACTIVATION_PRE("activation_pre_film"),
    /** The activation a (B rows). */
    ACTIVATION_POST("activation_post_film"),
    /** The layer 1x1's output (C rows); NAM core applies it in blended layers only. */
    LAYER1X1_POST("layer1x1_post_film"),
    /** The head 1x1's output (head1x1 out_channels rows). */
    HEAD1X1_POST("head1x1_post_film");

    private final String key;

    FilmSite(String key) {
        this.key = key;
    }

    /** The layer-array key of a NAM file. */
    public String key() {
        return key;
    }

    /** Rows it modulates in a layer of {@code array} gated by {@code mode}. */
    public int rows(LayerArrayConfig array, GatingMode mode) {
        int gb = mode.factor() * array.bottleneck();
        return switch (this) {
            case CONV_PRE, LAYER1X1_POST -> array.channels();
            case CONV_POST, INPUT_MIXIN_POST, ACTIVATION_PRE -> gb;
            case INPUT_MIXIN_PRE -> array.conditionSize();
            case ACTIVATION_POST -> array.bottleneck();
            case HEAD1X1_POST -> array.head1x1() == null ? 0 : array.head1x1().outChannels();
        };
    }
}
