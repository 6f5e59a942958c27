package dev.convstream.host;

/**
 * A chain description that cannot be used; the message names the plugin and argument at fault.
 * Its one subclass, {@link ResourceException}, is a chain well described whose resources fail.
 */
public class ChainException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
