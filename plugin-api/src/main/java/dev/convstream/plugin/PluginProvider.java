package dev.convstream.plugin;

import java.util.List;

/**
 * A plugin jar's entry point: the host finds every implementation with
 * {@link java.util.ServiceLoader}, from the class names listed in the jar's
 * {@code META-INF/services/dev.convstream.plugin.PluginProvider}, and registers the factories
 * it returns under their ids. It is convstream's own extension point: a library that happens
 * to ship a Guice module is not installed into the host, and a plugin needs no DI container.
 *
 * <p>Implementations have a public no-argument constructor, do no I/O and start no threads:
 * heavy work belongs in {@link AudioPlugin#setResource}. A provider that throws, lists a class
 * that does not exist, or returns an id another provider already registered is reported with
 * its jar and skipped; the host and the other plugins keep working.
 */
public interface PluginProvider {

    /** The factories of the plugins this jar contributes, each with a distinct id. [main-thread] */
    List<AudioPluginFactory> factories();
}
