package io.bgtasks.inmemory;

import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TaskInvoker;
import io.bgtasks.status.TaskState;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Runs a batch the way Starlette does: steps in order, one after another; the first failure is logged
 * (task id, name, stack) and the remaining steps are skipped. A step retries in place, sleeping its
 * virtual thread between attempts, only when its policy asks for it.
 */
@Singleton
@Requires(condition = InMemoryBackend.class)
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.inmemory");

    private final TaskInvoker invoker;
    private final InMemoryStatusStore statuses;

    BatchRunner(TaskInvoker invoker, InMemoryStatusStore statuses) {
        this.invoker = invoker;
        this.statuses = statuses;
    }

    /**
     * Runs the batch to its end.
     *
     * @throws InterruptedException when interrupted (shutdown): the run stops, its unsettled steps are left
     *                              for the caller to report as dropped
     */
    void run(BatchRun run, BooleanSupplier aborted) throws InterruptedException {
        boolean failed = false;
        for (TaskCall call = run.current(); call != null; call = run.current()) {
            if (aborted.getAsBoolean()) {
                // past the shutdown timeout no task starts, even one whose slot was just freed
                throw new InterruptedException("shutdown");
            }
            if (failed) {
                statuses.update(call.id(), s -> s.finished(TaskState.SKIPPED, null, Instant.now()));
            } else {
                failed = !runStep(run, call);
            }
            run.advance();
        }
    }

    /** @return true when the step succeeded */
    private boolean runStep(BatchRun run, TaskCall call) throws InterruptedException {
        RetryPolicy policy = call.retryOr(RetryPolicy.NONE);
        for (int attempt = 1; ; attempt++) {
            statuses.update(call.id(), s -> s.running(Instant.now()));
            try {
                invoker.invoke(call);
                statuses.update(call.id(), s -> s.finished(TaskState.SUCCEEDED, null, Instant.now()));
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable error) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while running " + call.name());
                }
                String reason = error.getClass().getName() + ": " + error.getMessage();
                boolean poison = error instanceof PoisonTaskException;
                if (!poison && policy.shouldRetry(error, attempt)) {
                    Duration delay = policy.delayAfter(attempt);
                    statuses.update(call.id(), s -> s.retrying(reason, Instant.now().plus(delay)));
                    LOG.warn("background task {} [{}] attempt {}/{} failed ({}); retrying in {} ms", call.name(), call.id(),
                        attempt, policy.maxAttempts(), reason, delay.toMillis());
                    Thread.sleep(delay);
                    continue;
                }
                statuses.update(call.id(), s -> s.finished(TaskState.FAILED, reason, Instant.now()));
                int skipped = run.batch().calls().size() - run.batch().calls().indexOf(call) - 1;
                LOG.error("background task {} [{}] of batch {} failed after {} attempt(s); skipping the {} task(s) after it",
                    call.name(), call.id(), run.batch().id(), attempt, skipped, error);
                return false;
            }
        }
    }

    /** Marks the steps a shutdown gave up on as dropped and logs each by id. */
    void reportDropped(BatchRun run, String reason) {
        for (TaskCall call : run.abandon()) {
            statuses.update(call.id(), s -> s.finished(TaskState.DROPPED, reason, Instant.now()));
            LOG.warn("dropped background task {} [{}] of batch {}: {}", call.name(), call.id(), run.batch().id(), reason);
        }
    }
}
