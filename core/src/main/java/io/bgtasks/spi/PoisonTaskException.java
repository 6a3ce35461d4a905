package io.bgtasks.spi;

/**
 * A stored task that can never run: its payload cannot be decoded, its name is not a registered task,
 * or its arguments do not fit the method. Backends dead-letter it without retrying.
 */
public class PoisonTaskException extends Exception {

    /**
     * @param message the reason
     * @param cause the decoding error, or null
     */
    public PoisonTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
