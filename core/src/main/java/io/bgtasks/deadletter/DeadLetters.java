package io.bgtasks.deadletter;

import java.util.List;

/**
 * The dead-letter store of a durable backend: list what failed for good, requeue it once the cause is
 * fixed, or delete it. The in-memory backend has none (it logs failures instead).
 */
public interface DeadLetters {

    /**
     * @param offset how many of the newest to skip
     * @param limit  the most to return
     * @return dead letters, newest first
     */
    List<DeadLetter> list(int offset, int limit);

    /** @return how many dead letters there are */
    long count();

    /**
     * Queues a dead batch again: it resumes at the task that failed, with a fresh attempt count; tasks that
     * had succeeded do not run again.
     *
     * @param batchId the batch id
     * @return false when no dead letter has that id
     */
    boolean requeue(String batchId);

    /**
     * @param batchId the batch id
     * @return false when no dead letter has that id
     */
    boolean delete(String batchId);
}
