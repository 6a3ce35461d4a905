package io.bgtasks.spi;

/** The backend cannot accept a batch right now (e.g. its store is unreachable); nothing was stored. */
public class TaskSinkUnavailableException extends RuntimeException {

    /**
     * @param message what is unavailable
     * @param cause the underlying error
     */
    public TaskSinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
