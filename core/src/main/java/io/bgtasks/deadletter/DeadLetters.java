package io.bgtasks.deadletter;

import io.bgtasks.paging.InvalidCursorException;
import io.bgtasks.paging.KeysetPage;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The dead-letter store of a durable backend: list what failed for good, requeue it once the cause is
 * fixed, or delete it. The in-memory backend has none (it logs failures instead).
 */
public interface DeadLetters {

    /**
     * Offset pagination, for small listings and tests: its cost grows with the offset on every store; prefer
     * {@link #page}.
     *
     * @param offset how many of the newest to skip
     * @param limit  the most to return
     * @return dead letters, newest first
     */
    List<DeadLetter> list(int offset, int limit);

    /**
     * Keyset pagination: each page reads only its own records, so a deep page costs what the first one does.
     *
     * @param after the {@link KeysetPage#next()} of the page before, or null for the newest
     * @param limit the most to return (1 to {@link io.bgtasks.paging.Pages#MAX_LIMIT})
     * @return dead letters, newest first (by time of death, then batch id)
     * @throws InvalidCursorException when {@code after} is not a cursor a page gave out
     */
    KeysetPage<DeadLetter> page(@Nullable String after, int limit);

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
