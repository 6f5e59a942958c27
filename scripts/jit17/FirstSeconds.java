import dev.convstream.bench.peer.PeerCase;
import dev.convstream.bench.peer.PeerWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh JVM's first seconds on peer case d or f (PeerCase's shapes and seeds, one thread): runs
 * the layer back to back and prints, per second of run time, the number of calls and their
 * median in microseconds, so a JVM whose kernels C2 compiled without a usable profile (and that
 * stays slow) shows up against its siblings. args: d|f, seconds.
 */
public final class FirstSeconds {
    public static void main(String[] a) {
        // PeerCase's own workload: the same layer, shapes and seeds as PeerBenchmark, one thread
        try (PeerWorkload workload = PeerCase.valueOf(a[0].equals("d") ? "D_DENSE" : "F_TRANSPOSED").open(1)) {
            System.out.println(firstSeconds(workload, Integer.parseInt(a[1])));
        }
    }

    private static String firstSeconds(PeerWorkload workload, int seconds) {
        StringBuilder line = new StringBuilder("p50 per second (us):");
        long start = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
            List<Long> ns = new ArrayList<>();
            while (System.nanoTime() - start < s * 1_000_000_000L) {
                long t = System.nanoTime();
                workload.convstream();
                ns.add(System.nanoTime() - t);
            }
            ns.sort(null);
            line.append(String.format(" %d:%.0f(n=%d)", s, ns.isEmpty() ? 0 : ns.get(ns.size() / 2) / 1e3, ns.size()));
        }
        return line.toString();
    }
}
