package dev.convstream.batch;

import java.nio.file.Path;

/**
 * One input and where its output goes.
 *
 * @param file     the audio file
 * @param relative its path relative to the folder (or glob base) it was found under, or its
 *                 file name when given directly; the output is {@code <out>/<relative>.<ext>}
 *                 (the input's extension is kept, so {@code a.wav} and {@code a.mp3} differ)
 */
public record InputFile(Path file, String relative) {

    /**
     * The absolute path as text that names this file exactly, also where the platform charset
     * cannot represent its name ({@code %XX} escapes then): the manifest's key and what
     * messages name.
     */
    public String name() {
        return PortablePaths.text(file.toAbsolutePath().normalize());
    }
}
