package dev.convstream.host;

/**
 * A plugin the host skipped, and why: a services entry naming a class that is not there, a
 * provider that throws, a plugin id already taken.
 *
 * @param source where it came from: the jar (or class folder) of the provider
 * @param reason what went wrong, naming the class or plugin id
 */
public record PluginProblem(String source, String reason) {

    @Override
    public String toString() {
        return "skipped plugin from " + source + ": " + reason;
    }
}
