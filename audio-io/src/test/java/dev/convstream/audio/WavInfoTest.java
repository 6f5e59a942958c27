package dev.convstream.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WavWriter}'s LIST/INFO metadata and {@link WavInfo} reading it back. */
class WavInfoTest {

    @TempDir
    Path dir;

    private static Map<String, String> info() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("INAM", "convstream capture signal");
        m.put("ICMT", "odd"); // 3 characters + NUL: an even value
        m.put("ISFT", "conv"); // 4 + NUL: odd, padded
        return m;
    }

    @Test
    void metadataReadsBackInOrderAndTheSamplesAreUnchanged() throws Exception {
        float[][] x = WavWriterTest.signal(1, 1_001, 3);
        Path with = dir.resolve("with.wav");
        Path without = dir.resolve("without.wav");
        WavWriter.write(with, x, 48_000, WavWriter.Format.PCM_24, info());
        WavWriter.write(without, x, 48_000, WavWriter.Format.PCM_24);

        assertEquals(List.copyOf(info().entrySet()), List.copyOf(WavInfo.read(with).entrySet()));
        assertTrue(WavInfo.read(without).isEmpty());
        // Java Sound (an independent reader) skips the chunk: same header, same samples.
        assertEquals(1_001, AudioSystem.getAudioFileFormat(with.toFile()).getFrameLength());
        AudioFileReader reader = new AudioFileReader(new FfmpegDecoder(""));
        assertArrayEquals(reader.read(without).channels()[0], reader.read(with).channels()[0]);
        // RIFF size = file size - 8; the chunk is 4 + (8 + 26) + (8 + 4) + (8 + 6) bytes.
        long size = Files.size(with);
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(with)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(size - 8, Integer.toUnsignedLong(head.getInt(4)));
        assertEquals(Files.size(without) + 8 + 4 + 34 + 12 + 14, size);
    }

    @Test
    void blockByBlockWritingWithMetadataEqualsWholeSignal() throws Exception {
        float[][] x = WavWriterTest.signal(2, 5_000, 4);
        Path whole = dir.resolve("whole.wav");
        Path blocks = dir.resolve("blocks.wav");
        WavWriter.write(whole, x, 44_100, WavWriter.Format.FLOAT_32, info());
        try (WavWriter w = new WavWriter(blocks, 44_100, 2, WavWriter.Format.FLOAT_32, info())) {
            w.write(x, 0, 1_234);
            w.write(x, 1_234, 5_000 - 1_234);
            w.finish();
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(blocks));
    }

    /** DAWs often write LIST/INFO after the samples: it is found there too, past an odd-sized data chunk's pad byte. */
    @Test
    void infoAfterTheDataChunkIsReadToo() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 8 + 3 + 1 + 8 + 4 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(48_000).putInt(144_000).putShort((short) 3).putShort((short) 24);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3}).put((byte) 0);
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(16).put("INFO".getBytes(StandardCharsets.US_ASCII));
        b.put("INAM".getBytes(StandardCharsets.US_ASCII)).putInt(4).put("amp\0".getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("after.wav");
        Files.write(f, b.array());
        assertEquals(Map.of("INAM", "amp"), WavInfo.read(f));
    }

    @Test
    void badMetadataIsRefusedBeforeAnythingIsWritten() {
        Path f = dir.resolve("bad.wav");
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> WavWriter.write(f, new float[][] {{0f}}, 48_000, WavWriter.Format.PCM_16, Map.of("name", "x")));
        assertTrue(id.getMessage().contains("four letters or digits"), id.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> WavWriter.write(f, new float[][] {{0f}}, 48_000, WavWriter.Format.PCM_16, Map.of("ICMT", "é")));
        assertTrue(text.getMessage().contains("ICMT must be printable ASCII"), text.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void aFileThatIsNotWavOrHasABrokenInfoChunkIsRefusedByName() throws Exception {
        Path text = dir.resolve("text.wav");
        Files.writeString(text, "hello, not a wav");
        var e = assertThrows(java.io.IOException.class, () -> WavInfo.read(text));
        assertEquals(text + ": not a WAV file (no RIFF WAVE header)", e.getMessage());

        // An INFO entry claiming 2 GiB: refused, not allocated.
        ByteBuffer b = ByteBuffer.allocate(12 + 12 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(24).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(12).put("INFO".getBytes(StandardCharsets.US_ASCII));
        b.put("ICMT".getBytes(StandardCharsets.US_ASCII)).putInt(Integer.MAX_VALUE);
        Path huge = dir.resolve("huge.wav");
        Files.write(huge, b.array());
        var h = assertThrows(java.io.IOException.class, () -> WavInfo.read(huge));
        assertTrue(h.getMessage().startsWith(huge + ": INFO entry 'ICMT' of 2147483647 bytes"), h.getMessage());
    }
}
