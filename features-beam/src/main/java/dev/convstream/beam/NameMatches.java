package dev.convstream.beam;

import java.nio.file.Path;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Names each match of one {@link InputSource}: {@code (output name, source)}, where the source
 * is the absolute local path (the manifest's key, as the local executor writes it) or, for
 * another Beam file system, the URI.
 */
final class NameMatches extends DoFn<MatchResult.Metadata, KV<String, String>> {
    private final InputSource source;

    NameMatches(InputSource source) {
        this.source = source;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata match, OutputReceiver<KV<String, String>> out) {
        if (match.resourceId().isDirectory()) {
            return;
        }
        if (!"file".equals(match.resourceId().getScheme())) {
            String uri = match.resourceId().toString();
            out.output(KV.of(match.resourceId().getFilename(), uri));
            return;
        }
        Path file = Path.of(match.resourceId().toString()).toAbsolutePath().normalize();
        String name = source.relativeName(file);
        if (name != null) {
            out.output(KV.of(name, file.toString()));
        }
    }
}
