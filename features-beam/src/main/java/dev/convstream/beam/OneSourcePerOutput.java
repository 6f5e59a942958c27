package dev.convstream.beam;

import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps an output name that exactly one source writes; two sources that would write the same
 * output (two folders both holding {@code a.wav}) both become dead letters, with the local
 * executor's wording, instead of racing for the file.
 */
final class OneSourcePerOutput extends DoFn<KV<String, Iterable<String>>, KV<String, String>> {
    private final TupleTag<String> deadLetters;
    private final Counter failed = Metrics.counter(ExtractFeatures.METRICS, "files_failed");

    OneSourcePerOutput(TupleTag<String> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @ProcessElement
    public void process(ProcessContext c) {
        String name = c.element().getKey();
        TreeSet<String> distinct = new TreeSet<>();
        c.element().getValue().forEach(distinct::add);
        List<String> sources = List.copyOf(distinct);
        if (sources.size() == 1) {
            c.output(KV.of(name, sources.get(0)));
            return;
        }
        for (String s : sources) {
            c.output(deadLetters, DeadLetter.line(s, "inputs " + String.join(" and ", sources) + " would all write '"
                    + name + "': extract them in separate runs or into separate --out folders"));
            failed.inc();
        }
    }
}
