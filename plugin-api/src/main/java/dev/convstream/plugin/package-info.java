/**
 * The convstream plugin contract: lifecycle ({@code prepare/process/reset}), parameters,
 * latency and the registry SPI. Depends on the JDK only, so third-party plugins can build
 * against it without pulling in the engine.
 */
package dev.convstream.plugin;
