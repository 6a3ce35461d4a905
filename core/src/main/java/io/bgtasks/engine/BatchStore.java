package io.bgtasks.engine;

import java.time.Instant;

/**
 * The storage port: what a backend does with the executor's decisions about one batch it holds. The executor owns
 * the order, the policy, the attempts and the log lines; the store only records (and says when this worker no longer
 * holds the batch: a lease reclaimed, a shutdown that handed it back). Every method is called on the thread that runs
 * the batch.
 */
public interface BatchStore {
    /** What the executor does after a failed attempt was recorded as a retry. */
    enum Retry {
        /** Wait until the due time on this thread and run the step again (the in-memory backend). */
        IN_PLACE,
        /** The retry is stored with its due time; this run ends (the durable backends). */
        SCHEDULED,
        /** The batch is no longer this worker's: nothing was recorded. */
        LOST
    }

    /** @return the backend's name, which is also the end of its log category ({@code io.bgtasks.<backend>}) */
    String backend();

    /**
     * A step is about to start an attempt.
     *
     * @throws InterruptedException when no step may start any more (a shutdown past its timeout)
     */
    default void starting(int index, int attempt) throws InterruptedException {
    }

    /**
     * Step {@code index} succeeded and another follows: keep the checkpoint, so that a retry or a redelivery resumes
     * after it.
     *
     * @return false when the batch is no longer this worker's
     */
    boolean checkpoint(int index, int attempt, Instant started, Instant ended);

    /** The last step succeeded: the batch is done. */
    void completed(int index, int attempt, Instant started, Instant ended);

    /**
     * Step {@code index} failed and its policy allows another attempt at {@code due}.
     *
     * @param reason the error, {@code class: message}
     * @return how the retry happens, or {@link Retry#LOST}
     */
    Retry retry(int index, int attempt, String reason, Instant due);

    /**
     * Step {@code index} failed for good, or the batch can never run: keep it as a dead letter with its reason; the
     * steps after it are skipped.
     *
     * @return false when the batch is no longer this worker's
     */
    boolean deadLetter(int index, String reason);

    /** The worker is stopping and interrupted step {@code index}: this attempt does not count, the batch goes back. */
    void handBack(int index);

    /** @return whether a batch that fails for good is kept as a dead letter (the durable backends), for the log */
    default boolean keepsDeadLetters() {
        return true;
    }

    /** @return whether a step's failure means "the worker stopped it" rather than "the task failed" */
    default boolean stoppedBy(Throwable error) {
        return error instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }
}
