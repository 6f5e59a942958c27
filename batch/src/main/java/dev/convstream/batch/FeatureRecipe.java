package dev.convstream.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.check.Failures;
import dev.convstream.features.FeatureExtractor;
import dev.convstream.features.FeatureSpec;
import dev.convstream.features.SpectralFeatures;
import dev.convstream.kernel.Kernels;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to build a {@link FeaturePipeline}, as a value that can travel to another JVM (a Beam
 * worker): the feature settings as JSON ({@link FeatureSettings}) and the paths of the CNN or
 * RTNeural files, which every worker must be able to read. {@link #build()} is the one way the
 * command line and the workers make their pipeline, so both compute the same features.
 *
 * @param features  the spec's settings, as {@link FeatureSettings#of} writes them
 * @param arch      CNN architecture JSON, or null
 * @param weights   CNN weights (.safetensors), or null
 * @param model     RTNeural model JSON, or null
 * @param cnnOutput what a CNN writes (ignored without one)
 * @param pngMaps   pictures next to each output ({@link SpectrogramPng}): null for none, 0 for the
 *                  spectrogram ({@code <output>.png}), N for it and the first N CNN feature maps
 *                  ({@code <output>.maps.png})
 */
public record FeatureRecipe(String features, String arch, String weights, String model,
                            FeaturePipeline.CnnOutput cnnOutput, Integer pngMaps) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The spec's features only. */
    public static FeatureRecipe of(FeatureSpec spec) {
        return of(spec, null, null, null, FeaturePipeline.CnnOutput.FRAMES);
    }

    /**
     * @throws IllegalStateException when the spec does not survive its settings' round trip
     *                               (a setting {@link FeatureSettings} does not record)
     */
    public static FeatureRecipe of(FeatureSpec spec, Path arch, Path weights, Path model,
                                   FeaturePipeline.CnnOutput cnnOutput) {
        ObjectNode written = FeatureSettings.of(spec, new SpectralFeatures(spec));
        ObjectNode again = FeatureSettings.of(FeatureSettings.parse(written), new SpectralFeatures(spec));
        if (!written.equals(again)) {
            throw new IllegalStateException("feature settings do not round-trip: " + written + " became " + again);
        }
        return new FeatureRecipe(written.toString(), text(arch), text(weights), text(model), cnnOutput, null);
    }

    /** This recipe drawing pictures next to each output: the spectrogram and the first {@code maps} feature maps. */
    public FeatureRecipe withPng(int maps) {
        if (maps < 0) {
            throw new IllegalArgumentException("feature maps to draw must be >= 0, found " + maps);
        }
        return new FeatureRecipe(features, arch, weights, model, cnnOutput, maps);
    }

    /** The pictures to draw next to each output, or null for none. */
    public SpectrogramPng pictures() {
        return pngMaps == null ? null : new SpectrogramPng(pngMaps);
    }

    private static String text(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    /**
     * The pipeline: the spec's features, then the CNN or the RTNeural model if named.
     *
     * @throws IOException              when a model file cannot be read or loaded
     * @throws IllegalArgumentException when the settings or the model do not fit together
     */
    public FeaturePipeline build() throws IOException {
        FeatureSpec spec;
        try {
            spec = FeatureSettings.parse(JSON.readTree(features));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("feature settings are not JSON: " + e.getOriginalMessage(), e);
        }
        if (model != null) {
            Path m = Path.of(model);
            return FeaturePipeline.withFrameModel(spec, Files.readString(m, StandardCharsets.UTF_8),
                    "sha256:" + Checksums.sha256(m));
        }
        if (arch == null) {
            return FeaturePipeline.of(spec);
        }
        Path a = Path.of(arch);
        Path w = Path.of(weights);
        FeatureExtractor fx;
        try {
            fx = FeatureExtractor.load(a, w, Kernels.preferred());
        } catch (IllegalArgumentException e) {
            // A CNN whose files will not load is a run-time failure, not a usage error.
            throw new IOException(Failures.describe(e), e);
        }
        return FeaturePipeline.withCnn(spec, fx, cnnOutput,
                "arch:" + Checksums.sha256(a) + ",weights:" + Checksums.sha256(w));
    }
}
