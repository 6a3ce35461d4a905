package io.bgtasks.status;

import io.bgtasks.paging.InvalidCursorException;
import io.bgtasks.paging.KeysetPage;
import io.micronaut.core.annotation.Nullable;

/**
 * Recently finished batches, newest first, read with keyset pagination: each page reads only its own records, so a
 * deep page costs what the first one does however many finished records the backend keeps. Every backend provides
 * one; what it lists is what it still keeps (its status retention, its dead letters).
 */
public interface FinishedTasks {

    /** Which finished batches to list. */
    enum Outcome {
        /** succeeded and failed */
        ALL,
        /** every task succeeded */
        SUCCEEDED,
        /** a task failed for good (on a durable backend: a dead letter) */
        FAILED
    }

    /**
     * @param outcome which batches
     * @param after   the {@link KeysetPage#next()} of the page before, or null for the newest
     * @param limit   the most to return (1 to {@link io.bgtasks.paging.Pages#MAX_LIMIT})
     * @return a page, newest first (by finish time, then batch id)
     * @throws InvalidCursorException when {@code after} is not a cursor a page gave out
     */
    KeysetPage<FinishedBatch> recent(Outcome outcome, @Nullable String after, int limit);

    /**
     * @return false when this backend keeps no listable record of finished batches; {@link #recent} then answers
     *         empty pages
     */
    default boolean listable() {
        return true;
    }
}
