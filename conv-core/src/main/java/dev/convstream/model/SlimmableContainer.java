package dev.convstream.model;

import dev.convstream.check.Require;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * NAM's {@code SlimmableContainer}: several submodels of one sound at different sizes, one of
 * which plays. Submodel i serves the sizes below {@code maxValues[i]} (ascending); the last is
 * NAM core's default. Only the playing submodel runs, except during a switch.
 *
 * <p>A switch ({@link #select} or {@link #selectSize}, from any thread) is taken up at the next
 * block, on the audio thread, without a click and without allocating: the new submodel is reset
 * and first runs on the real input, its output unused, until its receptive field is full of that
 * input (at most {@link #MAX_WARM_SAMPLES}), so its state is what it would have been had it been
 * playing all along; then the output crossfades linearly from the old submodel to the new over
 * {@link #FADE_SAMPLES}. Both run during the switch. Every submodel is prepared (allocated) in
 * {@link #prepare}. {@link #reset} goes straight to the selected submodel.
 */
public final class SlimmableContainer implements StreamingModel {

    /** Length of the crossfade of a switch, in samples. */
    public static final int FADE_SAMPLES = 512;

    /** Most samples a new submodel runs unheard before the crossfade (a model with no finite receptive field). */
    public static final int MAX_WARM_SAMPLES = 48_000;

    private final StreamingModel[] submodels;
    private final double[] maxValues;
    private final AtomicInteger requested;

    // audio thread
    private int active;
    private int incoming = -1;
    private int warmLeft;
    private int faded;
    private float[] incomingOut;
    private int maxBlock;

    /**
     * @param submodels the submodels, smallest first, not prepared; each mono and of latency 0
     * @param maxValues each submodel's upper size bound, strictly ascending, the last at least 1
     */
    public SlimmableContainer(List<? extends StreamingModel> submodels, double[] maxValues) {
        Require.notNull("submodels", submodels);
        Require.notNull("maxValues", maxValues);
        if (submodels.isEmpty()) {
            throw new IllegalArgumentException("a slimmable container needs at least one submodel");
        }
        if (submodels.size() != maxValues.length) {
            throw new IllegalArgumentException(submodels.size() + " submodels but " + maxValues.length + " max values");
        }
        for (int i = 0; i < maxValues.length; i++) {
            if (i > 0 && !(maxValues[i] > maxValues[i - 1])) {
                throw new IllegalArgumentException("max_value must be strictly ascending, found " + maxValues[i - 1]
                        + " then " + maxValues[i]);
            }
            StreamingModel m = submodels.get(i);
            if (m.inputChannels() != 1 || m.outputChannels() != 1) {
                throw new IllegalArgumentException("submodel " + i + " has " + m.inputChannels() + " input(s) and "
                        + m.outputChannels() + " output(s); a container switches between mono submodels only");
            }
            if (submodels.get(i).latency() != 0) {
                throw new IllegalArgumentException("submodel " + i + " has latency " + submodels.get(i).latency()
                        + "; a container switches between submodels of latency 0 only");
            }
        }
        if (!(maxValues[maxValues.length - 1] >= 1)) {
            throw new IllegalArgumentException("the last max_value must be at least 1, found "
                    + maxValues[maxValues.length - 1]);
        }
        this.submodels = submodels.toArray(new StreamingModel[0]);
        this.maxValues = maxValues.clone();
        this.requested = new AtomicInteger(this.submodels.length - 1);
        this.active = requested.get();
    }

    /** The submodel NAM core picks for size {@code v}: the first whose max value is above v, else the last. */
    public static int indexForSize(double[] maxValues, double v) {
        for (int i = 0; i < maxValues.length; i++) {
            if (v < maxValues[i]) {
                return i;
            }
        }
        return maxValues.length - 1;
    }

    public int submodelCount() {
        return submodels.length;
    }

    /** The submodel NAM core runs by default: the last. */
    public int defaultIndex() {
        return submodels.length - 1;
    }

    /** Asks for submodel {@code index}; taken up at the next block. [thread-safe, no allocation] */
    public void select(int index) {
        Require.inRange("submodel", index, 0, submodels.length - 1);
        requested.set(index);
    }

    /** Asks for the submodel NAM core picks for size {@code v} (see {@link #indexForSize}). [thread-safe] */
    public void selectSize(double v) {
        requested.set(indexForSize(maxValues, v));
    }

    /** The submodel asked for last. [thread-safe] */
    public int selected() {
        return requested.get();
    }

    /** The submodel heard now (the old one until a switch's crossfade ends). [audio thread] */
    public int playing() {
        return active;
    }

    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        for (StreamingModel m : submodels) {
            m.prepare(maxBlockSize);
        }
        incomingOut = new float[maxBlockSize];
        maxBlock = maxBlockSize;
        reset();
    }

    @Override
    public void reset() {
        if (maxBlock == 0) {
            throw new IllegalStateException("SlimmableContainer used before prepare(maxBlockSize)");
        }
        active = requested.get();
        incoming = -1;
        submodels[active].reset();
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (maxBlock == 0) {
            throw new IllegalStateException("SlimmableContainer used before prepare(maxBlockSize)");
        }
        Require.frames(frames, 1, maxBlock);
        int want = requested.get();
        if (incoming < 0 ? want != active : want != incoming) {
            if (want == active) {
                incoming = -1; // asked back before the switch ended: keep playing the old one
            } else {
                incoming = want;
                submodels[want].reset();
                warmLeft = Math.min(submodels[want].receptiveField(), MAX_WARM_SAMPLES);
                faded = 0;
            }
        }
        if (incoming < 0) {
            submodels[active].process(in, inOff, out, outOff, frames);
            return;
        }
        // the incoming one first: in may be out
        submodels[incoming].process(in, inOff, incomingOut, 0, frames);
        submodels[active].process(in, inOff, out, outOff, frames);
        int j = Math.min(warmLeft, frames);
        warmLeft -= j;
        for (; j < frames && faded < FADE_SAMPLES; j++) {
            float g = (float) ++faded / FADE_SAMPLES;
            out[outOff + j] += g * (incomingOut[j] - out[outOff + j]);
        }
        if (faded == FADE_SAMPLES) {
            System.arraycopy(incomingOut, j, out, outOff + j, frames - j);
            active = incoming;
            incoming = -1;
        }
    }

    @Override
    public int latency() {
        return 0;
    }

    /** The selected submodel's. */
    @Override
    public int receptiveField() {
        return submodels[requested.get()].receptiveField();
    }

    @Override
    public SlimmableContainer newInstance() {
        List<StreamingModel> copies = new ArrayList<>();
        for (StreamingModel m : submodels) {
            copies.add(m.newInstance());
        }
        SlimmableContainer c = new SlimmableContainer(copies, maxValues);
        c.select(selected());
        c.active = c.requested.get();
        return c;
    }
}
