package dev.convstream.batch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Names of paths whose bytes the platform charset cannot represent. Under {@code LANG=C}
 * ({@code sun.jnu.encoding} ASCII) a file listed from a folder keeps its bytes in its
 * {@link Path}, but its {@code toString()} holds replacement characters, and any path built
 * from that text ({@code Path.of}, {@code resolve(String)}) throws
 * {@link InvalidPathException}. Such names are written with their non-ASCII bytes as
 * {@code %XX} escapes (the bytes of {@link Path#toUri()}), which every charset can represent:
 * {@code café.wav} listed under LANG=C becomes {@code caf%C3%A9.wav}. A name that round-trips
 * is left as it is, so nothing changes under a UTF-8 locale for valid names.
 */
final class PortablePaths {
    private PortablePaths() {
    }

    /** {@code file} relative to {@code root} (a folder it was found under), '/'-separated and representable. */
    static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        if (roundTrips(rel)) {
            return rel.toString().replace('\\', '/');
        }
        String base = rawPath(root.toAbsolutePath());
        String full = rawPath(file.toAbsolutePath());
        String prefix = base.endsWith("/") ? base : base + "/";
        return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }

    /** {@code p} as text that names it exactly: its own text when it round-trips, else the escaped form. */
    static String text(Path p) {
        return roundTrips(p) ? p.toString() : rawPath(p);
    }

    private static boolean roundTrips(Path p) {
        try {
            return Path.of(p.toString()).equals(p);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * The path's bytes from its URI, with {@code %XX} escapes of ASCII bytes decoded (a space
     * stays a space) and those of non-ASCII bytes and of {@code %} itself kept.
     */
    private static String rawPath(Path p) {
        String raw = p.toUri().getRawPath();
        ByteArrayOutputStream ascii = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (b < 0x80 && b != '%') {
                    ascii.write(b);
                    i += 2;
                    continue;
                }
            }
            ascii.write(c);
        }
        return ascii.toString(StandardCharsets.US_ASCII);
    }
}
