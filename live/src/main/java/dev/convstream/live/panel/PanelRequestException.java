package dev.convstream.live.panel;

/** A request the panel refuses; the message is shown on the page as it is. */
final class PanelRequestException extends RuntimeException {

    private final int status;

    PanelRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    PanelRequestException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    int status() {
        return status;
    }
}
