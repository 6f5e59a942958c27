package dev.convstream.plugin;

/**
 * A named resource a plugin loads from outside, such as a model or impulse-response file.
 * Its value is a string (usually a path) kept in {@link PluginState#resources()}.
 *
 * <p>Immutable: [thread-safe].
 *
 * @param id          stable identifier, {@code [a-z][a-z0-9_]*}, e.g. {@code model} or {@code ir}
 * @param description what the value must be, e.g. "Neural Amp Modeler .nam file"
 */
public record ResourceSpec(String id, String description) {

    public ResourceSpec {
        if (id == null || !id.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "resource id must match [a-z][a-z0-9_]*, found '" + id + "'");
        }
        if (description == null) {
            throw new IllegalArgumentException("resource '" + id + "': description must not be null");
        }
    }
}
