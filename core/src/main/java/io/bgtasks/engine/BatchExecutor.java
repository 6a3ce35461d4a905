package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.PoisonTaskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs a batch, the same way on every backend: its steps in order from a checkpoint, one after another; a success
 * records the checkpoint; a failure is retried as the step's policy says or dead-letters the batch, skipping the
 * steps after it; a step the worker's shutdown interrupted hands the batch back. What is stored, and where, is the
 * backend's {@link BatchStore}.
 */
public final class BatchExecutor {
    /** The logging MDC key that holds the running batch's id while the executor runs it. */
    public static final String MDC_BATCH = "bgtasks.batchId";
    /** The logging MDC key that holds the running step's task id. */
    public static final String MDC_TASK = "bgtasks.taskId";

    private BatchExecutor() {
    }

    /**
     * @param batchId  the batch
     * @param steps    all its steps
     * @param from     the step to start at (the checkpoint)
     * @param attempt  the attempt of that step (1 unless it is a retry or a redelivery)
     * @param delivery when that step became ready, and the batch's trace
     * @param store    the backend's port
     * @param observer told about every attempt and its outcome (metrics, events, tracing)
     * @return how the run ended
     */
    public static BatchResult run(String batchId, List<? extends Step> steps, int from, int attempt, Delivery delivery,
                                  BatchStore store, TaskObserver observer) {
        String previousBatch = MDC.get(MDC_BATCH);
        String previousTask = MDC.get(MDC_TASK);
        MDC.put(MDC_BATCH, batchId);
        try {
            return steps(batchId, steps, from, attempt, delivery, store, observer);
        } finally {
            restore(MDC_BATCH, previousBatch);
            restore(MDC_TASK, previousTask);
        }
    }

    private static BatchResult steps(String batchId, List<? extends Step> steps, int from, int attempt, Delivery delivery,
                                     BatchStore store, TaskObserver observer) {
        // when the step about to start became ready: the delivery's time, then the end of the step before it or the
        // due time of an in-place retry
        Instant ready = delivery.readyAt();
        Logger log = LoggerFactory.getLogger("io.bgtasks." + store.backend());
        String backend = store.backend();
        if (from >= steps.size()) {
            return dead(log, store, observer, batchId, null, from, 0, Duration.ZERO, "poison: checkpoint " + from
                + " is past the last step", null, 0);
        }
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            MDC.put(MDC_TASK, step.taskId());
            int after = steps.size() - i - 1;
            RetryPolicy policy;
            try {
                policy = step.policy();
            } catch (PoisonTaskException e) {
                return dead(log, store, observer, batchId, step, i, 0, Duration.ZERO, "poison: " + e.getMessage(), e, after);
            }
            if (attempt > policy.maxAttempts()) {
                return dead(log, store, observer, batchId, step, i, 0, Duration.ZERO, "gave up: delivery " + attempt
                    + " exceeds the " + policy.maxAttempts() + " attempts allowed (workers stopped while running it)", null, after);
            }
            while (true) {
                try {
                    store.starting(i, attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    store.handBack(i);
                    return BatchResult.LOST;
                }
                Duration wait = Duration.between(ready, Instant.now());
                observer.waited(backend, batchId, step, attempt, wait.isNegative() ? Duration.ZERO : wait);
                observer.started(backend, batchId, step, attempt);
                AttemptScope scope = observer.entered(backend, batchId, step, attempt, delivery.trace());
                Instant started = Instant.now();
                try {
                    invoke(step, scope);
                } catch (PoisonTaskException e) {
                    return dead(log, store, observer, batchId, step, i, attempt, Duration.between(started, Instant.now()),
                        "poison: task " + step.taskId() + ": " + e.getMessage(), e, after);
                } catch (Throwable error) {
                    Duration took = Duration.between(started, Instant.now());
                    if (store.stoppedBy(error)) {
                        log.warn("background task {} [{}] was interrupted by the worker's shutdown", step.name(), step.taskId());
                        store.handBack(i);
                        return new BatchResult(BatchResult.Outcome.LOST, error);
                    }
                    String reason = error.getClass().getName() + ": " + error.getMessage();
                    if (policy.shouldRetry(error, attempt)) {
                        Duration delay = policy.delayAfter(attempt);
                        Instant due = Instant.now().plus(delay);
                        // record first, then log: a batch that left this worker is neither retried nor logged as such
                        BatchStore.Retry retry = store.retry(i, attempt, reason, due);
                        if (retry == BatchStore.Retry.LOST) {
                            return lost(log, batchId, step, reason);
                        }
                        log.warn("background task {} [{}] attempt {}/{} failed ({}); retrying in {} ms", step.name(),
                            step.taskId(), attempt, policy.maxAttempts(), reason, delay.toMillis());
                        observer.retrying(backend, batchId, step, attempt, took, reason, due);
                        if (retry == BatchStore.Retry.SCHEDULED) {
                            return new BatchResult(BatchResult.Outcome.RETRY, error);
                        }
                        if (!sleepUntil(due)) {
                            store.handBack(i);
                            return BatchResult.LOST;
                        }
                        attempt++;
                        ready = due;
                        continue;
                    }
                    if (!store.deadLetter(i, reason)) {
                        return lost(log, batchId, step, reason);
                    }
                    log.error("background task {} [{}] of batch {} failed after {} attempt(s); the {} task(s) after it are "
                        + "skipped", step.name(), step.taskId(), batchId, attempt, after, error);
                    observer.failed(backend, batchId, step, attempt, took, reason, store.keepsDeadLetters(), after);
                    return new BatchResult(BatchResult.Outcome.DEAD, error);
                }
                Instant ended = Instant.now();
                if (i == steps.size() - 1) {
                    store.completed(i, attempt, started, ended);
                    observer.succeeded(backend, batchId, step, attempt, Duration.between(started, ended));
                    return BatchResult.DONE;
                }
                if (!store.checkpoint(i, attempt, started, ended)) {
                    log.warn("batch {} left this worker after step {} (lease reclaimed, or handed back); stopping here",
                        batchId, i);
                    return BatchResult.LOST;
                }
                observer.succeeded(backend, batchId, step, attempt, Duration.between(started, ended));
                attempt = 1;
                ready = ended;
                break;
            }
        }
        return BatchResult.DONE;
    }

    /** Runs the step inside its observers' scope, which is closed before the outcome is stored or logged. */
    private static void invoke(Step step, AttemptScope scope) throws Exception {
        try {
            step.invoke();
        } catch (Throwable error) {
            scope.failed(error);
            throw error;
        } finally {
            scope.close();
        }
    }

    /**
     * Dead-letters a batch that cannot even be read (its payload is not a batch), with the same log line as a poison
     * step.
     *
     * @return DEAD, or LOST when the batch is no longer this worker's
     */
    public static BatchResult unreadable(String batchId, int index, String reason, BatchStore store, TaskObserver observer) {
        String previousBatch = MDC.get(MDC_BATCH);
        MDC.put(MDC_BATCH, batchId);
        try {
            return dead(LoggerFactory.getLogger("io.bgtasks." + store.backend()), store, observer, batchId, null, index, 0,
                Duration.ZERO, "poison: " + reason, null, 0);
        } finally {
            restore(MDC_BATCH, previousBatch);
        }
    }

    private static BatchResult dead(Logger log, BatchStore store, TaskObserver observer, String batchId, Step step,
                                    int index, int attempt, Duration took, String reason, Throwable cause, int skipped) {
        log.error("batch {} {} at step {}: {}", batchId, store.keepsDeadLetters() ? "is dead-lettered" : "failed", index,
            reason);
        if (!store.deadLetter(index, reason)) {
            return BatchResult.LOST;
        }
        observer.failed(store.backend(), batchId, step, attempt, took, reason, store.keepsDeadLetters(), skipped);
        return new BatchResult(BatchResult.Outcome.DEAD, cause != null ? cause : new PoisonTaskException(reason, null));
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private static BatchResult lost(Logger log, String batchId, Step step, String reason) {
        log.info("background task {} [{}] ended ({}) after batch {} left this worker (handed back at shutdown, or its "
            + "lease was reclaimed); the attempt is not recorded, the batch runs again", step.name(), step.taskId(), reason,
            batchId);
        return BatchResult.LOST;
    }

    /** @return false when interrupted (a shutdown) */
    private static boolean sleepUntil(Instant due) {
        long wait = Duration.between(Instant.now(), due).toMillis();
        try {
            if (wait > 0) {
                Thread.sleep(wait);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
