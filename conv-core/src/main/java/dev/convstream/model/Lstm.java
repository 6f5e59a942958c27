package dev.convstream.model;

import dev.convstream.activation.ActivationFunction;
import dev.convstream.check.Require;
import dev.convstream.kernel.ElementwiseMath;
import dev.convstream.kernel.Kernels;
import dev.convstream.kernel.SmallLstm;

/**
 * Neural Amp Modeler's LSTM as a streaming model. Per sample, layer by layer (the input of layer
 * 0 is the sample, of layer l > 0 the new hidden state of layer l-1):
 * <pre>
 * g = W [x; h] + b                       (4H rows in NAM's order i, f, g, o)
 * c = sigmoid(g_f) * c + sigmoid(g_i) * tanh(g_g)
 * h = sigmoid(g_o) * tanh(c)
 * </pre>
 * and the output is {@code W_head . h_last + b_head}. The file stores, per layer, {@code W[4H][in+H]}
 * row-major (columns: the input, then the hidden state), {@code b[4H]}, {@code h0[H]},
 * {@code c0[H]}; then the head {@code W[out][H]} and {@code b[out]}. The input has
 * {@code input_size} channels and the output {@code out_channels}: any counts play through
 * {@link #process(float[][], int, float[][], int, int)} (the mono call needs 1 and 1) and run as
 * a {@link ChannelModel} (a WaveNet's condition DSP).
 *
 * <p>Start of signal: NAM core starts from {@code h0}, {@code c0} and runs
 * {@link LstmConfig#prewarmSamples} zeros through the cells; {@link #prepare} computes that state
 * once and {@link #reset} restores it, so a reset costs a copy, not half a second of recurrence.
 * (NAM core rounds the zeros up to whole blocks; with its blocks of 64 and 48 kHz files that is
 * exactly the half second used here, and the model's output does not depend on the block size.)
 *
 * <p>The gate product is a matrix-vector product that a recurrence cannot batch over time. Each
 * gate is summed as {@code fma} from zero over the input's columns, then the hidden state's, then
 * the bias added. With many gate rows the matrix is kept transposed and summed column by column
 * ({@code g = fma(W[:, j], v[j], g)}), a plain loop over the rows that C2 vectorises, where a
 * row-by-row dot product would be a float reduction it must keep scalar; with few
 * ({@link #COLUMN_ROWS}) row by row. The order does not depend on the block size.
 * It is also the order and fusing of NAM core's compiled code (Eigen's column-major product, FMA
 * contraction of the cell update and the head's dot product), with which this model reproduces
 * NAM core's fast-tanh output for {@code lstm.nam} bit for bit. Rows are stored as i, f, o, g so
 * that the three sigmoids are one call over 3H values and the tanh one call over H.
 *
 * <p>One layer, one input and one output with at most {@link LstmUnrolled#MAX_HIDDEN} units (NAM's
 * own example is 3) run written out ({@link LstmUnrolled}), with this general path's bits.
 * With fast tanh, a kernel family may have a faster cell of its own for a few units
 * ({@link SmallLstm}: the Vector API's, all 4H gates in one vector), with the same bits; the
 * model plays it once {@link #prepare} has got it compiled.
 *
 * <p>With {@code fastTanh}, as NAM core's fast-tanh switch does for LSTMs, tanh becomes
 * {@link ActivationFunction#fastTanh()} and the sigmoid {@link ActivationFunction#fastSigmoid()}.
 */
public final class Lstm implements StreamingModel, ChannelModel {

    /**
     * From this many gate rows (4H) on, the gate product runs column by column, where C2's
     * vectorised loop over the rows pays; below, row by row with each sum in a register, which
     * keeps a store and reload of every gate per column off the recurrence's critical path (the
     * sample-to-sample dependency chain is what a small LSTM's speed is). Both sum each gate in
     * the same order, so they give the same bits.
     */
    static final int COLUMN_ROWS = 32;

    /** Block size of the prewarm on the unrolled paths ({@link #prewarmInBlocks}). */
    private static final int PREWARM_BLOCK = 16;

    /**
     * How long {@link #prepare} may run the kernel family's cell to get it compiled before the
     * model settles for {@link LstmUnrolled}: the {@code nam} plugin's warm-up budget. Quiet, C2
     * compiles it within a fraction of a second; on a 2-vCPU machine at load 10 it took 5-9 s.
     */
    static final long CELL_COMPILE_NANOS = 10_000_000_000L;

    private final LstmConfig config;
    private final float[] weights;
    private final boolean fastTanh;
    private final Kernels kernels;
    private final ElementwiseMath math;
    private final ActivationFunction sigmoid;
    private final ActivationFunction tanh;
    private final int hidden;
    private final boolean byColumns;
    private final float[][] gateWeight;  // per layer W, rows i, f, o, g: [in+H][4H] by columns, else [4H][in+H]
    private final float[][] gateBias;    // per layer [4H], rows i, f, o, g
    private final float[][] h0;
    private final float[][] c0;
    private final float[] headWeight;    // [out][H]
    private final float[] headBias;      // [out]
    private final boolean unroll;
    private final float[] unrolled;      // LstmUnrolled.pack order, or null: the general path
    private final SmallLstm.Cell familyCell; // the kernel family's cell for the unrolled shape, or null
    private boolean cellCompiled;        // familyCell compiled by the JIT (prepare): only then played

    private float[][] h;                 // per layer [H]
    private float[][] c;                 // per layer [H]
    private float[][] steadyH;           // per layer, after the prewarm
    private float[][] steadyC;
    private float[] gates;               // [4H]
    private float[] tanhC;               // [H]
    private float[] input;               // [inputSize]
    private float[] block;               // [out][maxBlock], the ChannelModel output
    private int maxBlock;
    private boolean prepared;
    private final ChannelBlocks blocks = new ChannelBlocks();

    /**
     * @param weights  the flat list in NAM's order; its length must be {@code config.weightCount()}
     * @param fastTanh NAM core's fast tanh and fast sigmoid instead of the exact functions
     */
    public Lstm(LstmConfig config, float[] weights, boolean fastTanh, Kernels kernels) {
        this(config, weights, fastTanh, kernels, true);
    }

    /**
     * @param unroll whether a model {@link LstmUnrolled} covers (one layer, one input, one output,
     *               at most {@link LstmUnrolled#MAX_HIDDEN} units) runs there; false keeps it on the
     *               general path (the tests compare the two)
     */
    Lstm(LstmConfig config, float[] weights, boolean fastTanh, Kernels kernels, boolean unroll) {
        Require.notNull("config", config);
        Require.notNull("weights", weights);
        Require.notNull("kernels", kernels);
        if (weights.length != config.weightCount()) {
            throw new IllegalArgumentException("LSTM weights: expected " + config.weightCount() + " values, found "
                    + weights.length);
        }
        this.config = config;
        this.weights = weights.clone();
        this.fastTanh = fastTanh;
        this.kernels = kernels;
        this.math = kernels.math();
        boolean fast = fastTanh || config.fastTanh();
        this.sigmoid = fast ? ActivationFunction.fastSigmoid() : ActivationFunction.sigmoid();
        this.tanh = fast ? ActivationFunction.fastTanh() : ActivationFunction.tanh();
        this.hidden = config.hiddenSize();
        this.byColumns = 4 * hidden >= COLUMN_ROWS;
        int layers = config.numLayers();
        gateWeight = new float[layers][];
        gateBias = new float[layers][];
        h0 = new float[layers][];
        c0 = new float[layers][];
        WeightReader r = new WeightReader(this.weights);
        for (int l = 0; l < layers; l++) {
            int cols = config.layerInputs(l) + hidden;
            float[] w = r.next(4 * hidden * cols);
            float[] b = r.next(4 * hidden);
            gateWeight[l] = new float[cols * 4 * hidden];
            gateBias[l] = new float[4 * hidden];
            for (int row = 0; row < 4 * hidden; row++) {
                int to = storedRow(row);
                gateBias[l][to] = b[row];
                for (int j = 0; j < cols; j++) {
                    gateWeight[l][byColumns ? j * 4 * hidden + to : to * cols + j] = w[row * cols + j];
                }
            }
            h0[l] = r.next(hidden);
            c0[l] = r.next(hidden);
        }
        headWeight = r.next(config.outChannels() * hidden);
        headBias = r.next(config.outChannels());
        r.requireEnd();
        this.unroll = unroll;
        this.unrolled = unroll && unrollable(config) ? unrolledWeights(config, this.weights) : null;
        this.familyCell = unrolled != null && fast ? kernels.smallLstm().fastTanhCell(hidden, unrolled) : null;
    }

    /** Whether {@link LstmUnrolled} has this model's shape. */
    static boolean unrollable(LstmConfig config) {
        return config.numLayers() == 1 && config.inputSize() == 1 && config.outChannels() == 1
                && config.hiddenSize() <= LstmUnrolled.MAX_HIDDEN;
    }

    /** NAM's flat list (one layer, one input, one output) in {@link LstmUnrolled#pack} order. */
    private static float[] unrolledWeights(LstmConfig config, float[] weights) {
        int hid = config.hiddenSize();
        WeightReader r = new WeightReader(weights);
        float[] w = r.next(4 * hid * (1 + hid));
        float[] b = r.next(4 * hid);
        r.next(2 * hid); // h0, c0: state, not weights
        float[] head = r.next(hid);
        return LstmUnrolled.pack(w, b, head, r.nextFloat());
    }

    /** Where NAM's gate row {@code row} (order i, f, g, o) is kept (order i, f, o, g). */
    private int storedRow(int row) {
        int gate = row / hidden;
        int unit = row % hidden;
        int stored = gate == 2 ? 3 : gate == 3 ? 2 : gate;
        return stored * hidden + unit;
    }

    public LstmConfig config() {
        return config;
    }

    /** Whether this model computes NAM core's fast tanh and sigmoid. */
    public boolean fastTanh() {
        return fastTanh;
    }

    @Override
    public int latency() {
        return 0;
    }

    /** {@link Integer#MAX_VALUE}: a recurrent state remembers without a bound. */
    @Override
    public int receptiveField() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int inChannels() {
        return config.inputSize();
    }

    @Override
    public int outChannels() {
        return config.outChannels();
    }

    @Override
    public boolean recurrent() {
        return true;
    }

    /**
     * Allocates the state and runs NAM core's prewarm once; the block size does not matter to an
     * LSTM. With a kernel family's cell for this shape, first runs that cell until the JIT has
     * compiled it (at most {@link #CELL_COMPILE_NANOS}; once per model): the model plays the cell
     * from then on, or {@link LstmUnrolled} when it did not get compiled in time. Either way the
     * output is the same bits; never does the audio thread meet the cell uncompiled.
     */
    @Override
    public void prepare(int maxBlockSize) {
        Require.atLeastOne("maxBlockSize", maxBlockSize);
        if (familyCell != null && !cellCompiled) {
            cellCompiled = familyCell.compile(CELL_COMPILE_NANOS);
        }
        maxBlock = maxBlockSize;
        block = new float[config.outChannels() * maxBlockSize];
        int layers = config.numLayers();
        h = new float[layers][hidden];
        c = new float[layers][hidden];
        steadyH = new float[layers][];
        steadyC = new float[layers][];
        gates = new float[4 * hidden];
        tanhC = new float[hidden];
        input = new float[config.inputSize()];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(h0[l], 0, h[l], 0, hidden);
            System.arraycopy(c0[l], 0, c[l], 0, hidden);
        }
        for (int l = 0; l < layers; l++) {
            steadyH[l] = new float[hidden];
            steadyC[l] = new float[hidden];
        }
        if (unrolled == null) {
            for (int t = 0; t < config.prewarmSamples(); t++) {
                cells();
            }
        } else {
            prewarmInBlocks();
        }
        capture();
        blocks.prepare(config.inputSize(), maxBlockSize);
        prepared = true;
    }

    /**
     * The prewarm zeros through the path {@link #process} takes (the same bits as {@link #cells}),
     * in short blocks: that path's JIT profile then starts here rather than on the audio thread
     * (24,000 samples in blocks of 16 are 1,500 calls of the unrolled method).
     */
    private void prewarmInBlocks() {
        float[] zeros = new float[PREWARM_BLOCK];
        float[] sink = new float[PREWARM_BLOCK];
        for (int t = 0; t < config.prewarmSamples(); t += PREWARM_BLOCK) {
            int n = Math.min(PREWARM_BLOCK, config.prewarmSamples() - t);
            LstmUnrolled.run(fast(), unrolled, h[0], c[0], zeros, 0, sink, 0, n);
        }
    }

    @Override
    public int inputChannels() {
        return config.inputSize();
    }

    @Override
    public int outputChannels() {
        return config.outChannels();
    }

    @Override
    public void process(float[][] in, int inOff, float[][] out, int outOff, int frames) {
        blocks.process(this, this, in, inOff, out, outOff, frames);
    }

    @Override
    public void capture() {
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(h[l], 0, steadyH[l], 0, hidden);
            System.arraycopy(c[l], 0, steadyC[l], 0, hidden);
        }
    }

    @Override
    public void reset() {
        if (!prepared) {
            throw new IllegalStateException("Lstm used before prepare(maxBlockSize)");
        }
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(steadyH[l], 0, h[l], 0, hidden);
            System.arraycopy(steadyC[l], 0, c[l], 0, hidden);
        }
    }

    @Override
    public void process(float[] in, int inOff, float[] out, int outOff, int frames) {
        if (!prepared) {
            throw new IllegalStateException("Lstm used before prepare(maxBlockSize)");
        }
        Require.atLeastOne("frames", frames);
        if (in == null || out == null || inOff < 0 || outOff < 0 || inOff + frames > in.length
                || outOff + frames > out.length) {
            throw new IllegalArgumentException("in[" + inOff + ", +" + frames + ") or out[" + outOff + ", +" + frames
                    + ") is outside its array (lengths " + (in == null ? "null" : in.length) + ", "
                    + (out == null ? "null" : out.length) + ")");
        }
        if (config.inputSize() != 1 || config.outChannels() != 1) {
            throw ChannelBlocks.notMono("LSTM", config.inputSize(), config.outChannels());
        }
        if (cellCompiled) {
            familyCell.run(h[0], c[0], in, inOff, out, outOff, frames);
            return;
        }
        if (unrolled != null) {
            LstmUnrolled.run(fast(), unrolled, h[0], c[0], in, inOff, out, outOff, frames);
            return;
        }
        for (int t = 0; t < frames; t++) {
            input[0] = in[inOff + t];
            cells();
            out[outOff + t] = head(0);
        }
    }

    /** Whether {@link #process} plays the kernel family's cell (compiled by {@link #prepare}). */
    boolean playsFamilyCell() {
        return cellCompiled;
    }

    private boolean fast() {
        return fastTanh || config.fastTanh();
    }

    /** Every input row's frame t becomes the input vector; every output row gets its frame t. */
    @Override
    public float[] compute(float[] x, int xOff, int xStride, int n, boolean settle) {
        if (!prepared) {
            throw new IllegalStateException("Lstm used before prepare(maxBlockSize)");
        }
        Require.frames(n, 1, maxBlock);
        if (cellCompiled) {
            familyCell.run(h[0], c[0], x, xOff, block, 0, n);
            return block;
        }
        if (unrolled != null) {
            LstmUnrolled.run(fast(), unrolled, h[0], c[0], x, xOff, block, 0, n);
            return block;
        }
        int ins = config.inputSize();
        int outs = config.outChannels();
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < ins; c++) {
                input[c] = x[xOff + c * xStride + t];
            }
            cells();
            for (int o = 0; o < outs; o++) {
                block[o * n + t] = head(o);
            }
        }
        return block;
    }

    /** {@link #input} through every layer. */
    private void cells() {
        float[] v = input;
        for (int l = 0; l < h.length; l++) {
            cell(l, v);
            v = h[l];
        }
    }

    /** Output {@code o} from the last layer's hidden state. */
    private float head(int o) {
        float[] v = h[h.length - 1];
        int row = o * hidden;
        float y = 0f;
        for (int k = 0; k < hidden; k++) {
            y = Math.fma(headWeight[row + k], v[k], y);
        }
        return y + headBias[o];
    }

    /** Layer {@code l}'s cell on input {@code v}: updates {@code c[l]} and {@code h[l]}. */
    private void cell(int l, float[] v) {
        int rows = 4 * hidden;
        float[] g = gates;
        float[] hl = h[l];
        float[] cl = c[l];
        if (byColumns) {
            gatesByColumns(gateWeight[l], gateBias[l], v, hl, g, rows);
        } else {
            gatesByRows(gateWeight[l], gateBias[l], v, hl, g, rows);
        }
        sigmoid.apply(g, 0, 3 * hidden, math);
        tanh.apply(g, 3 * hidden, hidden, math);
        int f = hidden;
        int o = 2 * hidden;
        int gg = 3 * hidden;
        float[] t = tanhC;
        for (int k = 0; k < hidden; k++) {
            float ck = Math.fma(g[f + k], cl[k], g[k] * g[gg + k]);
            cl[k] = ck;
            t[k] = ck;
        }
        tanh.apply(t, 0, hidden, math);
        for (int k = 0; k < hidden; k++) {
            hl[k] = g[o + k] * t[k];
        }
    }

    /** Few rows: each gate's sum in a register, {@code w} row-major {@code [4H][in+H]}. */
    private static void gatesByRows(float[] w, float[] bias, float[] v, float[] hl, float[] g, int rows) {
        int inputs = v.length;
        int cols = inputs + hl.length;
        for (int r = 0, row = 0; r < rows; r++, row += cols) {
            float s = 0f;
            for (int j = 0; j < inputs; j++) {
                s = Math.fma(w[row + j], v[j], s);
            }
            for (int j = 0; j < hl.length; j++) {
                s = Math.fma(w[row + inputs + j], hl[j], s);
            }
            g[r] = s + bias[r];
        }
    }

    /** Many rows: column by column over all gates, {@code w} column-major {@code [in+H][4H]}, a loop C2 vectorises. */
    private static void gatesByColumns(float[] w, float[] bias, float[] v, float[] hl, float[] g, int rows) {
        java.util.Arrays.fill(g, 0, rows, 0f);
        int inputs = v.length;
        for (int j = 0; j < inputs; j++) {
            column(w, j * rows, v[j], g, rows);
        }
        for (int j = 0; j < hl.length; j++) {
            column(w, (inputs + j) * rows, hl[j], g, rows);
        }
        for (int r = 0; r < rows; r++) {
            g[r] += bias[r];
        }
    }

    /** {@code g[0..rows) = fma(w[off..off+rows), s, g[0..rows))}. */
    private static void column(float[] w, int off, float s, float[] g, int rows) {
        for (int r = 0; r < rows; r++) {
            g[r] = Math.fma(w[off + r], s, g[r]);
        }
    }

    @Override
    public Lstm newInstance() {
        return new Lstm(config, weights, fastTanh, kernels, unroll);
    }
}
