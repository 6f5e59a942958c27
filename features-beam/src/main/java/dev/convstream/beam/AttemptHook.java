package dev.convstream.beam;

import java.io.IOException;
import java.io.Serializable;

/**
 * Called on a worker after an input's output is written and before the element's results are
 * emitted: the point where a lost worker hurts most. {@link #NONE} in production; tests inject a
 * failure here to show that a retried bundle leaves no partial or duplicate output.
 */
@FunctionalInterface
public interface AttemptHook extends Serializable {
    AttemptHook NONE = input -> {
    };

    void afterWrite(String input) throws IOException;
}
