package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.PoisonTaskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private BatchExecutor() {
    }

    /**
     * @param batchId the batch
     * @param steps   all its steps
     * @param from    the step to start at (the checkpoint)
     * @param attempt the attempt of that step (1 unless it is a retry or a redelivery)
     * @param store   the backend's port
     * @return how the run ended
     */
    public static BatchResult run(String batchId, List<? extends Step> steps, int from, int attempt, BatchStore store) {
        Logger log = LoggerFactory.getLogger("io.bgtasks." + store.backend());
        if (from >= steps.size()) {
            return dead(log, store, batchId, from, "poison: checkpoint " + from + " is past the last step", null);
        }
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            RetryPolicy policy;
            try {
                policy = step.policy();
            } catch (PoisonTaskException e) {
                return dead(log, store, batchId, i, "poison: " + e.getMessage(), e);
            }
            if (attempt > policy.maxAttempts()) {
                return dead(log, store, batchId, i, "gave up: delivery " + attempt + " exceeds the " + policy.maxAttempts()
                    + " attempts allowed (workers stopped while running it)", null);
            }
            while (true) {
                try {
                    store.starting(i, attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    store.handBack(i);
                    return BatchResult.LOST;
                }
                Instant started = Instant.now();
                try {
                    step.invoke();
                } catch (PoisonTaskException e) {
                    return dead(log, store, batchId, i, "poison: task " + step.taskId() + ": " + e.getMessage(), e);
                } catch (Throwable error) {
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
                        if (retry == BatchStore.Retry.SCHEDULED) {
                            return new BatchResult(BatchResult.Outcome.RETRY, error);
                        }
                        if (!sleepUntil(due)) {
                            store.handBack(i);
                            return BatchResult.LOST;
                        }
                        attempt++;
                        continue;
                    }
                    if (!store.deadLetter(i, reason)) {
                        return lost(log, batchId, step, reason);
                    }
                    log.error("background task {} [{}] of batch {} failed after {} attempt(s); the {} task(s) after it are "
                        + "skipped", step.name(), step.taskId(), batchId, attempt, steps.size() - i - 1, error);
                    return new BatchResult(BatchResult.Outcome.DEAD, error);
                }
                Instant ended = Instant.now();
                if (i == steps.size() - 1) {
                    store.completed(i, attempt, started, ended);
                    return BatchResult.DONE;
                }
                if (!store.checkpoint(i, attempt, started, ended)) {
                    log.warn("batch {} left this worker after step {} (lease reclaimed, or handed back); stopping here",
                        batchId, i);
                    return BatchResult.LOST;
                }
                attempt = 1;
                break;
            }
        }
        return BatchResult.DONE;
    }

    /**
     * Dead-letters a batch that cannot even be read (its payload is not a batch), with the same log line as a poison
     * step.
     *
     * @return DEAD, or LOST when the batch is no longer this worker's
     */
    public static BatchResult unreadable(String batchId, int index, String reason, BatchStore store) {
        return dead(LoggerFactory.getLogger("io.bgtasks." + store.backend()), store, batchId, index, "poison: " + reason, null);
    }

    private static BatchResult dead(Logger log, BatchStore store, String batchId, int index, String reason, Throwable cause) {
        log.error("batch {} {} at step {}: {}", batchId, store.keepsDeadLetters() ? "is dead-lettered" : "failed", index,
            reason);
        if (!store.deadLetter(index, reason)) {
            return BatchResult.LOST;
        }
        return new BatchResult(BatchResult.Outcome.DEAD, cause != null ? cause : new PoisonTaskException(reason, null));
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
