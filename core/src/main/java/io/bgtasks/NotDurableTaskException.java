package io.bgtasks;

/**
 * Thrown by {@code addTask} when a task could not be stored by a durable backend: a lambda, a method that
 * is not a registered task, or an argument that does not survive a JSON round trip. It is thrown on every
 * backend, the in-memory one included, so that switching backends never breaks an application at run
 * time. The message names the fix.
 */
public class NotDurableTaskException extends IllegalArgumentException {

    /** @param message what is wrong and how to fix it */
    public NotDurableTaskException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause the underlying error
     */
    public NotDurableTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
