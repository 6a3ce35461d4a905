package io.bgtasks.spi;

import io.micronaut.core.annotation.Nullable;

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
 * @param startAt   when its first step may start (a delayed batch), or null to start as soon as a worker is free;
 *                  the batch is stored at once either way
 * @param trace     the trace it was submitted in (the request's span), or null when there was none or no tracing
 */
public record TaskBatch(String id, List<TaskCall> calls, Instant createdAt, @Nullable Instant startAt,
                        @Nullable TraceHeaders trace) {

    /** Checks the mandatory parts and freezes the list. */
    public TaskBatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one task");
        }
    }

    /**
     * A batch outside any trace.
     *
     * @param id        the batch id
     * @param calls     the steps, in order
     * @param createdAt when the batch was sealed
     * @param startAt   when its first step may start, or null
     */
    public TaskBatch(String id, List<TaskCall> calls, Instant createdAt, @Nullable Instant startAt) {
        this(id, calls, createdAt, startAt, null);
    }

    /**
     * A batch that starts as soon as a worker is free.
     *
     * @param id        the batch id
     * @param calls     the steps, in order
     * @param createdAt when the batch was sealed
     */
    public TaskBatch(String id, List<TaskCall> calls, Instant createdAt) {
        this(id, calls, createdAt, null);
    }

    /**
     * @param now the current time
     * @return whether the batch must wait: its start time is still ahead of {@code now}
     */
    public boolean isDelayed(Instant now) {
        return startAt != null && startAt.isAfter(now);
    }
}
