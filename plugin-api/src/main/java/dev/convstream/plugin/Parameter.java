package dev.convstream.plugin;

/**
 * The live value of one parameter: written from any thread, read lock-free on the audio
 * thread. A Java {@code volatile double} is read and written atomically, so the audio thread
 * sees either the old or the new value, never a torn one, and never waits.
 *
 * <p>A plugin reads {@link #get()} once per block (not per sample) and, where a jump would
 * click, ramps towards it with a {@link SmoothedValue}.
 */
public final class Parameter {

    private final ParameterSpec spec;
    private volatile double value;

    /** A parameter at its default value. [main-thread] */
    public Parameter(ParameterSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        this.spec = spec;
        this.value = spec.defaultValue();
    }

    /** This parameter's id, range and default. [thread-safe] */
    public ParameterSpec spec() {
        return spec;
    }

    /** The current value. Lock-free, allocation-free. [thread-safe, audio-thread included] */
    public double get() {
        return value;
    }

    /**
     * Sets the value. [thread-safe]
     *
     * @throws IllegalArgumentException naming the parameter when {@code value} is out of range
     */
    public void set(double value) {
        this.value = spec.check(value);
    }

    /** Sets the value from a control position in {@code [0, 1]} (clamped). [thread-safe] */
    public void setNormalized(double position) {
        this.value = spec.fromNormalized(position);
    }

    /** Returns to the default value. [thread-safe] */
    public void setDefault() {
        this.value = spec.defaultValue();
    }

    @Override
    public String toString() {
        return spec.id() + "=" + value + (spec.unit().isEmpty() ? "" : " " + spec.unit());
    }
}
