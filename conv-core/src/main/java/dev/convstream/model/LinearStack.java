package dev.convstream.model;

import dev.convstream.check.Require;
import dev.convstream.fir.PartitionedResponse;
import dev.convstream.fir.ZeroLatencyConvolver;
import dev.convstream.kernel.Kernels;

import java.util.Arrays;

/**
 * A {@link LinearConfig} as a {@link ChannelModel}: one zero-latency FIR engine per path
 * ({@link ZeroLatencyConvolver}, the engine of the mono {@link Fir}), each reading its input row
 * and adding into its output row, then the biases. Silence leaves zero history, so the steady
 * state of silence is a plain reset and there is nothing to settle.
 */
final class LinearStack implements ChannelModel {

    private final LinearConfig config;
    private final ZeroLatencyConvolver[] paths;
    private final int[] inputRow;
    private final int[] outputRow;
    private final float[] bias;     // [out]; zero beyond the shared paths' outputs

    private int maxBlock;
    private float[] filtered;       // [maxBlock], one path's output
    private float[] out;            // [out][maxBlock]

    LinearStack(LinearConfig config, float[] weights, Kernels kernels) {
        Require.notNull("config", config);
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("Linear weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        this.config = config;
        int rf = config.receptiveField();
        int n = config.paths();
        PartitionedResponse[] responses = new PartitionedResponse[config.responses()];
        for (int k = 0; k < responses.length; k++) {
            responses[k] = PartitionedResponse.of(Arrays.copyOfRange(weights, k * rf, (k + 1) * rf), kernels);
        }
        paths = new ZeroLatencyConvolver[n];
        inputRow = new int[n];
        outputRow = new int[n];
        boolean perPath = config.perPath();
        for (int p = 0; p < n; p++) {
            paths[p] = new ZeroLatencyConvolver(responses[perPath ? p : 0], null, kernels);
            inputRow[p] = perPath && config.inChannels() == 1 ? 0 : p;
            outputRow[p] = perPath && config.outChannels() == 1 ? 0 : p;
        }
        bias = new float[config.outChannels()];
        if (config.bias()) {
            int at = rf * responses.length;
            for (int o = 0; o < bias.length; o++) {
                if (perPath) {
                    bias[o] = weights[at + o];
                } else if (o < n) {
                    bias[o] = weights[at]; // the shared form leaves outputs beyond min(in, out) at zero
                }
            }
        }
    }

    @Override
    public int inChannels() {
        return config.inChannels();
    }

    @Override
    public int outChannels() {
        return config.outChannels();
    }

    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        for (ZeroLatencyConvolver p : paths) {
            p.prepare(maxBlockSize);
        }
        filtered = new float[maxBlockSize];
        out = new float[config.outChannels() * maxBlockSize];
        maxBlock = maxBlockSize;
        reset();
    }

    @Override
    public void reset() {
        for (ZeroLatencyConvolver p : paths) {
            p.reset();
        }
    }

    @Override
    public float[] compute(float[] x, int xOff, int xStride, int n, boolean settle) {
        if (maxBlock == 0) {
            throw new IllegalStateException("Linear used before prepare(maxBlockSize)");
        }
        Require.frames(n, 1, maxBlock);
        for (int o = 0; o < bias.length; o++) {
            Arrays.fill(out, o * n, (o + 1) * n, bias[o]);
        }
        for (int p = 0; p < paths.length; p++) {
            paths[p].process(x, xOff + inputRow[p] * xStride, filtered, 0, n);
            int to = outputRow[p] * n;
            for (int t = 0; t < n; t++) {
                out[to + t] += filtered[t];
            }
        }
        return out;
    }

    @Override
    public boolean recurrent() {
        return false;
    }

    @Override
    public void capture() {
    }
}
