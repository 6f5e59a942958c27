package dev.convstream.bench.peer;

import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Conv1d;
import dev.convstream.layer.Conv2d;
import dev.convstream.layer.ConvTranspose2d;
import dev.convstream.spec.Conv1dSpec;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.tensor.Tensor;
import java.util.List;
import java.util.Random;

import static dev.convstream.bench.RandomTensors.gaussian;

/**
 * The side-by-side cases: (a)-(f) of {@code ConvBenchmark} (offline, batch 1) and (g), one
 * streaming layer fed 64-sample blocks. Each builds the convstream layer and the equivalent
 * one-node ONNX model from the same random weights.
 */
public enum PeerCase {
    /** (a) conv1d 16->32, k3, causal, L=4096, at dilation 1, 8, 64 and 512. */
    A_D1(1),
    A_D8(8),
    A_D64(64),
    A_D512(512),
    /** (b) 1x1 conv1d 16->16, L=4096. */
    B_POINTWISE {
        @Override
        PeerWorkload build(int threads) {
            Random r = new Random(11);
            Conv1dSpec spec = Conv1dSpec.builder(16, 16, 1).build();
            Tensor w = gaussian(r, spec.weightShape());
            Tensor b = gaussian(r, 16);
            Conv1d layer = new Conv1d(spec, w, b, Kernels.preferred()).withParallelism(threads);
            int[] in = {1, 16, 4096};
            int[] out = spec.outputShape(in);
            byte[] model = OnnxModelWriter.singleNode("Conv", List.of(
                    new OnnxModelWriter.Ints("kernel_shape", 1),
                    new OnnxModelWriter.Ints("pads", 0, 0)), 1, in, out, w.data(), spec.weightShape(), b.data());
            return new OfflineWorkload(layer::forward, gaussian(r, in), out, model, threads);
        }
    },
    /** (c) conv2d 1->32, 128x512, 3x3, pad 1. */
    C_MONO {
        @Override
        PeerWorkload build(int threads) {
            return conv2d(1, 32, 128, 512, 1, threads, 13);
        }
    },
    /** (d) conv2d 64->64, 56x56, 3x3, pad 1. */
    D_DENSE {
        @Override
        PeerWorkload build(int threads) {
            return conv2d(64, 64, 56, 56, 1, threads, 14);
        }
    },
    /** (e) depthwise 3x3, 128 channels, 56x56, pad 1. */
    E_DEPTHWISE {
        @Override
        PeerWorkload build(int threads) {
            return conv2d(128, 128, 56, 56, 128, threads, 15);
        }
    },
    /** (f) conv_transpose2d 64->32, 28x28, k4 s2 p1 (56x56 out). */
    F_TRANSPOSED {
        @Override
        PeerWorkload build(int threads) {
            Random r = new Random(16);
            ConvTranspose2dSpec spec = ConvTranspose2dSpec.of(64, 32, 4, 2, 1, 0, 1, 1, true);
            Tensor w = gaussian(r, spec.weightShape());
            Tensor b = gaussian(r, 32);
            ConvTranspose2d layer = new ConvTranspose2d(spec, w, b, Kernels.preferred()).withParallelism(threads);
            int[] in = {1, 64, 28, 28};
            int[] out = spec.outputShape(in);
            byte[] model = OnnxModelWriter.singleNode("ConvTranspose", List.of(
                    new OnnxModelWriter.Ints("kernel_shape", 4, 4),
                    new OnnxModelWriter.Ints("strides", 2, 2),
                    new OnnxModelWriter.Ints("pads", 1, 1, 1, 1)), 1, in, out, w.data(), spec.weightShape(), b.data());
            return new OfflineWorkload(layer::forward, gaussian(r, in), out, model, threads);
        }
    },
    /**
     * (g) streaming conv1d 16->32, k3, dilation 64, 64-sample blocks: convstream's ring buffer
     * against ONNX Runtime recomputing each block from a 128-frame history window.
     */
    G_STREAMING {
        @Override
        PeerWorkload build(int threads) {
            return new StreamingWorkload(threads);
        }
    };

    /** The workload with both engines ready and {@code threads} workers each (g: ORT only). */
    /** The dilation of case (a); 0 for the other cases, which build their own workload. */
    private final int dilation;

    PeerCase() {
        this(0);
    }

    PeerCase(int dilation) {
        this.dilation = dilation;
    }

    PeerWorkload build(int threads) {
        return dilated(dilation, threads);
    }

    /** Opens the workload (public entry for the benchmark and tests). */
    public PeerWorkload open(int threads) {
        return build(threads);
    }

    static PeerWorkload dilated(int dilation, int threads) {
        Random r = new Random(10 + dilation);
        Conv1dSpec spec = Conv1dSpec.builder(16, 32, 3).dilation(dilation).causal().build();
        Tensor w = gaussian(r, spec.weightShape());
        Tensor b = gaussian(r, 32);
        Conv1d layer = new Conv1d(spec, w, b, Kernels.preferred()).withParallelism(threads);
        int[] in = {1, 16, 4096};
        int[] out = spec.outputShape(in);
        byte[] model = OnnxModelWriter.singleNode("Conv", List.of(
                new OnnxModelWriter.Ints("kernel_shape", 3),
                new OnnxModelWriter.Ints("dilations", dilation),
                // causal: all padding before, none after ([x1_begin, x1_end])
                new OnnxModelWriter.Ints("pads", 2L * dilation, 0)), 1, in, out, w.data(), spec.weightShape(), b.data());
        return new OfflineWorkload(layer::forward, gaussian(r, in), out, model, threads);
    }

    static PeerWorkload conv2d(int cin, int cout, int h, int w, int groups, int threads, long seed) {
        Random r = new Random(seed);
        Conv2dSpec spec = Conv2dSpec.builder(cin, cout, 3).groups(groups).padding(1).build();
        Tensor weight = gaussian(r, spec.weightShape());
        Tensor bias = gaussian(r, cout);
        Conv2d layer = new Conv2d(spec, weight, bias, Kernels.preferred()).withParallelism(threads);
        int[] in = {1, cin, h, w};
        int[] out = spec.outputShape(in);
        byte[] model = OnnxModelWriter.singleNode("Conv", List.of(
                new OnnxModelWriter.Ints("kernel_shape", 3, 3),
                new OnnxModelWriter.Ints("pads", 1, 1, 1, 1)), groups, in, out,
                weight.data(), spec.weightShape(), bias.data());
        return new OfflineWorkload(layer::forward, gaussian(r, in), out, model, threads);
    }
}
