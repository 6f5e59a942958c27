package dev.convstream.plugin.contract;

import dev.convstream.plugin.AbstractAudioPlugin;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ResourceHolder;
import dev.convstream.plugin.ResourceSpec;
import dev.convstream.plugin.SampleGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test double with a resource: multiplies by {@code mix * k}, where k is the number in the
 * text file given as resource {@code file} (1 until one is loaded). The number goes through a
 * {@link ResourceHolder} like a model or an impulse response, so a host's and the contract's
 * resource tests run without a model file.
 */
public final class FileScalePlugin extends AbstractAudioPlugin {

    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("filescale", "File scale", "1",
            List.of(ParameterSpec.linear("mix", "Mix", 0, 1, 1, "")),
            List.of(new ResourceSpec("file", "text file holding one number")));

    public static final AudioPluginFactory FACTORY = AudioPluginFactory.of(DESCRIPTOR, FileScalePlugin::new);

    private final Parameter mix = parameter("mix");
    private final ResourceHolder<Float, Float> factor = holding(new ResourceHolder<>(DESCRIPTOR.id(),
            DESCRIPTOR.resources().get(0), FileScalePlugin::read, (k, path, spec) -> k, k -> { }));

    public FileScalePlugin() {
        super(DESCRIPTOR);
    }

    /** Writes {@code k} to {@code file}, for tests that need a resource value. */
    public static Path write(Path file, float k) throws IOException {
        return Files.writeString(file, Float.toString(k));
    }

    private static Float read(String value) throws IOException {
        String text = Files.readString(Path.of(value)).strip();
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filescale: file " + value + " holds '" + text + "', not a number");
        }
    }

    @Override
    public void prepare(ProcessSpec spec) {
        factor.prepare(spec);
    }

    @Override
    public void process(AudioBlock block) {
        SampleGuard.sanitize(block);
        Float k = factor.acquire();
        float g = (float) mix.get() * (k == null ? 1f : k);
        for (int c = 0; c < block.channelCount(); c++) {
            float[] x = block.channel(c);
            for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
                x[i] *= g;
            }
        }
    }

    @Override
    public void reset() {
    }
}
