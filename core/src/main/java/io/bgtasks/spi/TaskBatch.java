package io.bgtasks.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The tasks one request (or one programmatic submission) added, in order. Backends run the steps one
 * after another; when one fails for good, the rest are skipped.
 *
 * @param id        the batch id
 * @param calls     the steps, in the order they were added (never empty)
 * @param createdAt when the batch was sealed
 */
public record TaskBatch(String id, List<TaskCall> calls, Instant createdAt) {

    /** Checks the mandatory parts and freezes the list. */
    public TaskBatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one task");
        }
    }
}
