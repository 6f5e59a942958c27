package dev.convstream.examples;

import dev.convstream.audio.AudioLoader;
import dev.convstream.features.LogMelConfig;
import dev.convstream.features.LogMelSpectrogram;
import dev.convstream.features.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Example: log-mel features for every WAV file of a folder, one {@code .npy} per file
 * ({@code [1][1][frames][n_mels]}, dB, librosa's defaults at 48 kHz but 64 mels). Any WAV
 * file is read, mixed to mono and resampled to 48 kHz ({@link AudioLoader}); the
 * {@code convstream features} command adds globs, other formats, resume and a manifest.
 */
public final class FolderFeatures {

    private FolderFeatures() {
    }

    /** Writes {@code name.npy} into {@code outDir} for each {@code name.wav} in {@code inDir}; returns them. */
    public static List<Path> extract(Path inDir, Path outDir) throws IOException {
        LogMelSpectrogram logMel = new LogMelSpectrogram(LogMelConfig.builder(48_000).nMels(64).build());
        AudioLoader loader = AudioLoader.fromEnvironment();
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.list(inDir)) {
            for (Path wav : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                AudioLoader.Audio audio = loader.load(wav, 48_000);
                Path npy = outDir.resolve(wav.getFileName().toString().replaceFirst("\\.wav$", ".npy"));
                Npy.write(npy, logMel.compute(audio.mono(), audio.sampleRate()));
                written.add(npy);
            }
        }
        return written;
    }
}
