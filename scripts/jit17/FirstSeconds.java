import dev.convstream.bench.RandomTensors;
import dev.convstream.kernel.Kernels;
import dev.convstream.layer.Conv2d;
import dev.convstream.layer.ConvTranspose2d;
import dev.convstream.spec.Conv2dSpec;
import dev.convstream.spec.ConvTranspose2dSpec;
import dev.convstream.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A fresh JVM's first seconds on peer case d or f (PeerCase's shapes and seeds, one thread): runs
 * the layer back to back and prints, per second of run time, the number of calls and their
 * median in microseconds, so a JVM whose kernels C2 compiled without a usable profile (and that
 * stays slow) shows up against its siblings. args: d|f, seconds.
 */
public final class FirstSeconds {
    public static void main(String[] a) {
        Random r = new Random(a[0].equals("d") ? 14 : 16);
        Tensor in;
        Tensor out;
        BiConsumer<Tensor, Tensor> forward;
        if (a[0].equals("d")) {
            Conv2dSpec spec = Conv2dSpec.builder(64, 64, 3).padding(1).build();
            Conv2d layer = new Conv2d(spec, RandomTensors.gaussian(r, spec.weightShape()),
                    RandomTensors.gaussian(r, 64), Kernels.preferred()).withParallelism(1);
            in = RandomTensors.gaussian(r, 1, 64, 56, 56);
            out = Tensor.zeros(spec.outputShape(in.shape()));
            forward = layer::forward;
        } else {
            ConvTranspose2dSpec spec = ConvTranspose2dSpec.of(64, 32, 4, 2, 1, 0, 1, 1, true);
            ConvTranspose2d layer = new ConvTranspose2d(spec, RandomTensors.gaussian(r, spec.weightShape()),
                    RandomTensors.gaussian(r, 32), Kernels.preferred()).withParallelism(1);
            in = RandomTensors.gaussian(r, 1, 64, 28, 28);
            out = Tensor.zeros(spec.outputShape(in.shape()));
            forward = layer::forward;
        }
        int seconds = Integer.parseInt(a[1]);
        StringBuilder line = new StringBuilder("p50 per second (us):");
        long start = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
            List<Long> ns = new ArrayList<>();
            while (System.nanoTime() - start < s * 1_000_000_000L) {
                long t = System.nanoTime();
                forward.accept(in, out);
                ns.add(System.nanoTime() - t);
            }
            ns.sort(null);
            line.append(String.format(" %d:%.0f(n=%d)", s, ns.isEmpty() ? 0 : ns.get(ns.size() / 2) / 1e3, ns.size()));
        }
        System.out.println(line);
    }
}
