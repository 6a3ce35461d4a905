package io.bgtasks.engine;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TraceHeaders;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * What the {@link BatchExecutor} tells about each step as it runs it, the same on every backend: the hook for metrics,
 * application events and anything else that watches tasks. Called on the thread that runs the batch, after the
 * outcome is recorded in the store (a retry or a dead letter that the store refused because the batch left this
 * worker is not reported), with the task's ids in the logging MDC. An observer must be quick and must not throw;
 * what it throws is logged and ignored. Every method does nothing by default.
 */
public interface TaskObserver {
    /** Observes nothing. */
    TaskObserver NONE = new TaskObserver() {
    };

    /**
     * A batch was handed to the backend (stored, on a durable one) by a request, {@code TaskSubmitter} or a bulk
     * submission; a submission the backend refused is not reported. A resubmission under an idempotency key is
     * reported again, though the backend runs the batch once.
     *
     * @param backend the backend's name
     * @param batch   the batch
     */
    default void submitted(String backend, TaskBatch batch) {
    }

    /**
     * An attempt of a step is about to start: how long it waited since it became ready (its batch was stored, a delayed
     * batch's start time, a retry's due time, or the end of the step before it). Called before
     * {@link #started(String, String, Step, int)}.
     *
     * @param backend the backend's name
     * @param batchId the batch
     * @param step    the step
     * @param attempt its attempt, from 1
     * @param wait    the queue wait, never negative
     */
    default void waited(String backend, String batchId, Step step, int attempt, Duration wait) {
    }

    /**
     * An attempt of a step runs now: what the observer returns is kept open around the task's invocation on the same
     * thread and closed when the task returned or threw (a tracing span). Unlike the other methods, called before the
     * outcome is known.
     *
     * @param backend the backend's name
     * @param batchId the batch
     * @param step    the step
     * @param attempt its attempt, from 1
     * @param trace   the trace the batch was submitted in, or null
     * @return what to close after the attempt; {@link AttemptScope#NONE} by default
     */
    default AttemptScope entered(String backend, String batchId, Step step, int attempt, @Nullable TraceHeaders trace) {
        return AttemptScope.NONE;
    }

    /**
     * An attempt of a step starts.
     *
     * @param backend the backend's name
     * @param batchId the batch
     * @param step    the step
     * @param attempt its attempt, from 1
     */
    default void started(String backend, String batchId, Step step, int attempt) {
    }

    /**
     * An attempt of a step succeeded.
     *
     * @param backend the backend's name
     * @param batchId the batch
     * @param step    the step
     * @param attempt its attempt, from 1
     * @param took    how long the attempt ran
     */
    default void succeeded(String backend, String batchId, Step step, int attempt, Duration took) {
    }

    /**
     * An attempt failed and the step will run again at {@code due}.
     *
     * @param backend the backend's name
     * @param batchId the batch
     * @param step    the step
     * @param attempt the attempt that failed
     * @param took    how long the attempt ran
     * @param reason  the error, {@code class: message}
     * @param due     when the next attempt may start
     */
    default void retrying(String backend, String batchId, Step step, int attempt, Duration took, String reason, Instant due) {
    }

    /**
     * A step failed for good (or can never run); its batch stops here.
     *
     * @param backend      the backend's name
     * @param batchId      the batch
     * @param step         the step, or null when the batch itself could not be read
     * @param attempt      the attempt that failed (0 when none ran)
     * @param took         how long the attempt ran (zero when none ran)
     * @param reason       the error, {@code class: message}, or why it cannot run
     * @param deadLettered whether the batch is kept as a dead letter (durable backends) or only marked failed
     * @param skipped      how many steps after it will not run
     */
    default void failed(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                        boolean deadLettered, int skipped) {
    }

    /**
     * A step will never run because its worker stopped before it could (the in-memory backend at shutdown, past its
     * timeout: nothing stores the step to run it elsewhere).
     *
     * @param backend  the backend's name
     * @param batchId  the batch
     * @param taskId   the task's id
     * @param taskName the task's name
     * @param reason   why
     */
    default void dropped(String backend, String batchId, String taskId, String taskName, String reason) {
    }
}
