package io.bgtasks.status;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * What a backend knows of one task, as served by {@code GET /tasks/{id}}.
 *
 * @param id            the task id
 * @param name          the task name ({@code Class#method})
 * @param batchId       the batch (request) the task belongs to
 * @param state         the current state
 * @param attempts      attempts started so far
 * @param lastError     the last failure ({@code Type: message}), or null
 * @param createdAt     when the task was handed off
 * @param startedAt     when the last attempt started, or null
 * @param finishedAt    when the task reached a final state, or null
 * @param nextAttemptAt when the next attempt is due: a waiting retry, or the first attempt of a delayed task; null
 *                      when it can start as soon as a worker is free
 */
@Serdeable
public record TaskStatus(String id,
                         String name,
                         String batchId,
                         TaskState state,
                         int attempts,
                         @Nullable String lastError,
                         Instant createdAt,
                         @Nullable Instant startedAt,
                         @Nullable Instant finishedAt,
                         @Nullable Instant nextAttemptAt) {

    /**
     * A freshly handed-off task.
     *
     * @param id task id
     * @param name task name
     * @param batchId batch id
     * @param at hand-off time
     * @return a QUEUED status without attempts
     */
    public static TaskStatus queued(String id, String name, String batchId, Instant at) {
        return new TaskStatus(id, name, batchId, TaskState.QUEUED, 0, null, at, null, null, null);
    }

    /**
     * @param startAt when the first attempt is due
     * @return this queued task with a start time (a delayed task)
     */
    public TaskStatus delayedUntil(Instant startAt) {
        return new TaskStatus(id, name, batchId, state, attempts, lastError, createdAt, startedAt, finishedAt, startAt);
    }

    /**
     * @param at start time
     * @return this task with one more attempt, RUNNING
     */
    public TaskStatus running(Instant at) {
        return new TaskStatus(id, name, batchId, TaskState.RUNNING, attempts + 1, lastError, createdAt, at, null, null);
    }

    /**
     * @param error the failure
     * @param dueAt when the next attempt is due
     * @return this task waiting for a retry
     */
    public TaskStatus retrying(String error, Instant dueAt) {
        return new TaskStatus(id, name, batchId, TaskState.QUEUED, attempts, error, createdAt, startedAt, null, dueAt);
    }

    /**
     * @param state a final state
     * @param error the failure, or null
     * @param at finish time
     * @return this task in the final state
     */
    public TaskStatus finished(TaskState state, @Nullable String error, Instant at) {
        return new TaskStatus(id, name, batchId, state, attempts, error != null ? error : lastError, createdAt, startedAt, at, null);
    }

    /**
     * @return this status without its error text: what a caller without the operator's credentials sees, since an
     *         error message can carry internals (paths, queries, hosts)
     */
    public TaskStatus withoutError() {
        return lastError == null ? this
            : new TaskStatus(id, name, batchId, state, attempts, null, createdAt, startedAt, finishedAt, nextAttemptAt);
    }
}
