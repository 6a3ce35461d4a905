package io.bgtasks.status;

/** Where a task is in its life. */
public enum TaskState {
    /** Handed off, waiting to run (also while waiting for a retry: see {@link TaskStatus#nextAttemptAt()}). */
    QUEUED,
    /** An attempt is running. */
    RUNNING,
    /** The task ran to completion. */
    SUCCEEDED,
    /** The last attempt failed, or the error was not retryable. */
    FAILED,
    /** Not run because an earlier task of the same batch failed. */
    SKIPPED,
    /** Given up without a result, e.g. by a shutdown that passed its timeout; the backend logged it. */
    DROPPED;

    /** @return whether the task will not change state any more */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
