package dev.convstream.plugins.dcblock;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.SampleGuard;

/**
 * Removes DC offset and subsonic rumble with a one-pole high-pass per channel,
 * {@code H(z) = (1 - z^-1) / (1 - R z^-1)}, {@code R = exp(-2 pi cutoff / sampleRate)}.
 * State is kept in double precision (R is close to 1, where float state would drift) and
 * flushed of denormals as it decays. No latency.
 */
public final class DcBlockPlugin extends AbstractAudioPlugin {

    public static final String ID = "dcblock";

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of(ID, "DC blocker", "1.0",
            ParameterSpec.log("cutoff", "Cutoff", 1, 200, 10, "Hz"));

    private final Parameter cutoff = parameter("cutoff");

    private double sampleRate;
    private double coefficientFor = Double.NaN;
    private double r;
    private double[] previousIn = new double[0];
    private double[] previousOut = new double[0];

    public DcBlockPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    public void prepare(ProcessSpec spec) {
        sampleRate = spec.sampleRate();
        previousIn = new double[spec.channels()];
        previousOut = new double[spec.channels()];
        coefficientFor = Double.NaN;
        updateCoefficient();
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        updateCoefficient();
        for (int c = 0; c < block.channelCount(); c++) {
            float[] x = block.channel(c);
            double x1 = previousIn[c];
            double y1 = previousOut[c];
            for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
                double in = x[i];
                double y = in - x1 + r * y1;
                x1 = in;
                y1 = y;
                x[i] = (float) y;
            }
            previousIn[c] = x1;
            previousOut[c] = SampleGuard.flushDenormal(y1);
        }
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(previousIn, 0);
        java.util.Arrays.fill(previousOut, 0);
    }

    /** Recomputes R only when the cutoff changed: exp is cheap, but not free per block. */
    private void updateCoefficient() {
        double fc = cutoff.get();
        if (fc != coefficientFor) {
            coefficientFor = fc;
            r = Math.exp(-2 * Math.PI * fc / sampleRate);
        }
    }
}
