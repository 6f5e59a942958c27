package dev.convstream.audio;

import dev.convstream.io.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the text metadata of a WAV file: the {@code LIST/INFO} chunk that {@link WavWriter}
 * writes (and DAWs write), as a map from the four-letter id ({@code INAM}, {@code ICMT}, ...)
 * to its text. Walks the RIFF chunk headers and skips everything else without reading it, so
 * a file of any length costs a few small reads; a value longer than
 * {@link WavWriter#MAX_INFO_VALUE} characters is refused rather than allocated. Thread-safe:
 * keeps no state.
 */
public final class WavInfo {

    /** Most chunks walked: a real WAV has a handful; a crafted one of millions of empty chunks stops here. */
    private static final int MAX_CHUNKS = 10_000;

    private WavInfo() {
    }

    /**
     * The INFO entries of {@code wav}, in file order; empty when it has none.
     *
     * @throws IOException naming the file when it is not a RIFF WAVE file or its INFO chunk is malformed
     */
    public static Map<String, String> read(Path wav) throws IOException {
        InputFiles.requireRegularFile(wav, "WAV file");
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 12, wav);
            if (head == null || !fourCc(head, 0).equals("RIFF") || !fourCc(head, 8).equals("WAVE")) {
                throw new IOException(wav + ": not a WAV file (no RIFF WAVE header)");
            }
            Map<String, String> info = new LinkedHashMap<>();
            long pos = 12;
            for (int chunks = 0; pos + 8 <= size && chunks < MAX_CHUNKS; chunks++) {
                ByteBuffer h = read(ch, pos, 8, wav);
                String id = fourCc(h, 0);
                long length = Integer.toUnsignedLong(h.getInt(4));
                if (id.equals("LIST") && length >= 4 && pos + 12 <= size && fourCc(read(ch, pos + 8, 4, wav), 0).equals("INFO")) {
                    readInfo(ch, pos + 12, Math.min(pos + 8 + length, size), info, wav);
                }
                pos += 8 + length + (length & 1);
            }
            return Collections.unmodifiableMap(info);
        }
    }

    private static void readInfo(FileChannel ch, long from, long to, Map<String, String> info, Path wav) throws IOException {
        long pos = from;
        while (pos + 8 <= to) {
            ByteBuffer h = read(ch, pos, 8, wav);
            String id = fourCc(h, 0);
            long length = Integer.toUnsignedLong(h.getInt(4));
            if (length > WavWriter.MAX_INFO_VALUE + 1L || pos + 8 + length > to) {
                throw new IOException(wav + ": INFO entry '" + printable(id) + "' of " + length
                        + " bytes does not fit its chunk or is longer than " + (WavWriter.MAX_INFO_VALUE + 1) + " bytes");
            }
            byte[] text = new byte[(int) length];
            read(ch, pos + 8, (int) length, wav).get(text);
            int end = 0;
            while (end < text.length && text[end] != 0) {
                end++;
            }
            info.put(printable(id), new String(text, 0, end, StandardCharsets.ISO_8859_1));
            pos += 8 + length + (length & 1);
        }
    }

    /** {@code n} bytes at {@code pos}, or null at the end of the file. */
    private static ByteBuffer read(FileChannel ch, long pos, int n, Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                if (n == 12) {
                    return null;
                }
                throw new IOException(wav + ": ends inside a chunk at byte " + (pos + b.position()));
            }
        }
        return b.flip();
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        b.get(at, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    /** An id as text a user can read, whatever its bytes. */
    private static String printable(String id) {
        StringBuilder s = new StringBuilder(4);
        for (char c : id.toCharArray()) {
            s.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return s.toString();
    }
}
