package dev.convstream.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import dev.convstream.audio.AudioFileReader;
import dev.convstream.io.UntrustedJson;
import dev.convstream.plugin.AudioPluginFactory;

/**
 * The host's core bindings: declares the plugin registry map (so a host with no plugin still
 * starts) and the JSON mapper. Plugin modules add entries to the same map.
 */
public final class HostModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, AudioPluginFactory.class);
    }

    /** Files are decoded with Java Sound, or ffmpeg looked up on this process's PATH when a file needs it. */
    @Provides
    AudioFileReader audioFileReader() {
        return AudioFileReader.fromEnvironment();
    }

    @Provides
    @Singleton
    ObjectMapper objectMapper() {
        return UntrustedJson.mapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
