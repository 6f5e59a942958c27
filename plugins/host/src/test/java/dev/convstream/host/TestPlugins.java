package dev.convstream.host;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.plugin.AudioBlock;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.AudioPluginFactory;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSet;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginDescriptor;
import dev.convstream.plugin.ProcessSpec;
import dev.convstream.plugin.ResourceSlot;
import dev.convstream.plugin.ResourceSpec;
import dev.convstream.plugin.SampleGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Plugins that exist only for host tests: {@code filescale} (a resource loaded from a file,
 * swapped through a {@link ResourceSlot}) and {@code delay} (declared latency).
 */
final class TestPlugins {

    private TestPlugins() {
    }

    private static final Injector INJECTOR = create();

    /** The host injector with the bundled plugins and the test plugins (shared: it is immutable). */
    static Injector injector() {
        return INJECTOR;
    }

    private static Injector create() {
        return HostInjector.create(TestPlugins.class.getClassLoader(), new AbstractModule() {
            @Override
            protected void configure() {
                MapBinder<String, AudioPluginFactory> map =
                        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class);
                map.addBinding(FileScalePlugin.DESCRIPTOR.id()).toInstance(factory(FileScalePlugin.DESCRIPTOR, FileScalePlugin::new));
                map.addBinding(DelayPlugin.DESCRIPTOR.id()).toInstance(factory(DelayPlugin.DESCRIPTOR, DelayPlugin::new));
            }
        });
    }

    static PluginRegistry registry() {
        return injector().getInstance(PluginRegistry.class);
    }

    private static AudioPluginFactory factory(PluginDescriptor d, java.util.function.Supplier<AudioPlugin> create) {
        return new AudioPluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return d;
            }

            @Override
            public AudioPlugin create() {
                return create.get();
            }
        };
    }

    /**
     * Multiplies by {@code mix * k}, where k is the number in the text file given as resource
     * {@code file} (1 until one is loaded). The loaded value is a heap object handed over by a
     * ResourceSlot, like a model or an impulse response.
     */
    static final class FileScalePlugin implements AudioPlugin {
        static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("filescale", "File scale", "1",
                List.of(ParameterSpec.linear("mix", "Mix", 0, 1, 1, "")),
                List.of(new ResourceSpec("file", "text file holding one number")));

        /** The loaded resource: immutable once published. */
        record Factor(String path, float value) {
        }

        private final ParameterSet parameters = ParameterSet.of(DESCRIPTOR.parameters());
        private final Parameter mix = parameters.get("mix");
        private final ResourceSlot<Factor> slot = new ResourceSlot<>(new Factor(null, 1f), f -> { });

        @Override
        public PluginDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public ParameterSet parameters() {
            return parameters;
        }

        /** The last file loaded: what state saves, even before the audio thread picks it up. */
        private String file;

        @Override
        public Map<String, String> resources() {
            return file == null ? Map.of() : Map.of("file", file);
        }

        @Override
        public void setResource(String id, String value) throws IOException {
            if (!id.equals("file")) {
                AudioPlugin.super.setResource(id, value);
            }
            String text = Files.readString(Path.of(value)).strip();
            float k;
            try {
                k = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("filescale: file " + value + " holds '" + text + "', not a number");
            }
            slot.publish(new Factor(value, k));
            file = value;
        }

        @Override
        public void prepare(ProcessSpec spec) {
            slot.acquireNow();
        }

        @Override
        public void process(AudioBlock block) {
            SampleGuard.sanitize(block);
            float g = (float) mix.get() * slot.acquire().value();
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

        @Override
        public void close() {
            slot.close();
        }
    }

    /** A pure delay of 100 samples, declared as latency. */
    static final class DelayPlugin implements AudioPlugin {
        static final int DELAY = 100;
        static final PluginDescriptor DESCRIPTOR = PluginDescriptor.of("delay", "Delay", "1");
        private float[][] ring;
        private int pos;

        @Override
        public PluginDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public ParameterSet parameters() {
            return ParameterSet.empty();
        }

        @Override
        public void prepare(ProcessSpec spec) {
            ring = new float[spec.channels()][DELAY];
            pos = 0;
        }

        @Override
        public void process(AudioBlock block) {
            SampleGuard.sanitize(block);
            int p = pos;
            for (int c = 0; c < block.channelCount(); c++) {
                float[] x = block.channel(c);
                p = pos;
                for (int i = block.offset(), end = i + block.frames(); i < end; i++) {
                    float out = ring[c][p];
                    ring[c][p] = x[i];
                    x[i] = out;
                    p = (p + 1) % DELAY;
                }
            }
            pos = p;
        }

        @Override
        public int latencySamples() {
            return DELAY;
        }

        @Override
        public void reset() {
            for (float[] r : ring) {
                Arrays.fill(r, 0f);
            }
            pos = 0;
        }

        @Override
        public void close() {
        }
    }
}
