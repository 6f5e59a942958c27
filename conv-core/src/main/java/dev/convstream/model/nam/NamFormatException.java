package dev.convstream.model.nam;

/** A {@code .nam} file that cannot be loaded; the message starts with the file's name. */
public final class NamFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NamFormatException(String source, String message) {
        super(source + ": " + message);
    }

    public NamFormatException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
    }
}
