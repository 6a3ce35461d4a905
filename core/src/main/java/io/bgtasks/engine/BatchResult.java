package io.bgtasks.engine;

import io.micronaut.core.annotation.Nullable;

/**
 * What became of one run of a batch.
 *
 * @param outcome how it ended
 * @param error   the failed step's error (RETRY, DEAD), else null
 */
public record BatchResult(Outcome outcome, @Nullable Throwable error) {
    /** How a run ended. */
    public enum Outcome {
        /** Every step succeeded. */
        DONE,
        /** A step failed and runs again later. */
        RETRY,
        /** A step failed for good, or the batch can never run: dead-lettered, the rest skipped. */
        DEAD,
        /** The batch left this worker (handed back at shutdown, lease reclaimed): nothing more was recorded. */
        LOST
    }

    static final BatchResult DONE = new BatchResult(Outcome.DONE, null);
    static final BatchResult LOST = new BatchResult(Outcome.LOST, null);
}
