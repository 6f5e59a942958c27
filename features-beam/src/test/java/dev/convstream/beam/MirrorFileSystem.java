package dev.convstream.beam;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A Beam file system that is not the local one, for tests: {@code mirror:///abs/path} reads the
 * local file {@code /abs/path}, but only through Beam's {@code FileSystems}, as an S3 or GCS
 * object is read (registered through {@code META-INF/services}). Read-only; single files, no
 * globs.
 */
final class MirrorFileSystem extends FileSystem<MirrorFileSystem.Id> {
    static final String SCHEME = "mirror";

    /** The URI of a local file on this file system. */
    static String uri(Path file) {
        return SCHEME + "://" + file.toAbsolutePath();
    }

    /** Found by Beam's {@code FileSystems} through the service file. */
    public static final class Registrar implements FileSystemRegistrar {
        @Override
        public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
            return List.of(new MirrorFileSystem());
        }
    }

    record Id(Path path, boolean directory) implements ResourceId {
        @Override
        public ResourceId resolve(String other, ResolveOptions options) {
            return new Id(path.resolve(other), options == ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY);
        }

        @Override
        public ResourceId getCurrentDirectory() {
            return directory ? this : new Id(path.getParent(), true);
        }

        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public String getFilename() {
            return path.getFileName() == null ? null : path.getFileName().toString();
        }

        @Override
        public boolean isDirectory() {
            return directory;
        }

        @Override
        public String toString() {
            return SCHEME + "://" + path + (directory ? "/" : "");
        }
    }

    private static Path pathOf(String spec) {
        return Path.of(spec.substring((SCHEME + "://").length()));
    }

    @Override
    protected List<MatchResult> match(List<String> specs) {
        List<MatchResult> out = new ArrayList<>();
        for (String spec : specs) {
            Path p = pathOf(spec);
            if (!Files.isRegularFile(p)) {
                out.add(MatchResult.create(MatchResult.Status.NOT_FOUND, new java.io.FileNotFoundException(spec)));
                continue;
            }
            try {
                out.add(MatchResult.create(MatchResult.Status.OK, List.of(MatchResult.Metadata.builder()
                        .setResourceId(new Id(p, false)).setSizeBytes(Files.size(p)).setIsReadSeekEfficient(false)
                        .setLastModifiedMillis(Files.getLastModifiedTime(p).toMillis()).build())));
            } catch (IOException e) {
                out.add(MatchResult.create(MatchResult.Status.ERROR, e));
            }
        }
        return out;
    }

    @Override
    protected ReadableByteChannel open(Id id) throws IOException {
        return Files.newByteChannel(id.path());
    }

    @Override
    protected WritableByteChannel create(Id id, CreateOptions options) {
        throw new UnsupportedOperationException("mirror:// is read-only");
    }

    @Override
    protected void copy(List<Id> from, List<Id> to) {
        throw new UnsupportedOperationException("mirror:// is read-only");
    }

    @Override
    protected void rename(List<Id> from, List<Id> to, MoveOptions... options) {
        throw new UnsupportedOperationException("mirror:// is read-only");
    }

    @Override
    protected void delete(Collection<Id> ids) {
        throw new UnsupportedOperationException("mirror:// is read-only");
    }

    @Override
    protected Id matchNewResource(String spec, boolean isDirectory) {
        return new Id(pathOf(spec), isDirectory);
    }

    @Override
    protected String getScheme() {
        return SCHEME;
    }
}
