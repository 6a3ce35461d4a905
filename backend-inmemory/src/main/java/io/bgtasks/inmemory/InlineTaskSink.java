package io.bgtasks.inmemory;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * {@code bgtasks.backend=inline}, for tests: runs a batch at hand-off, before the response is written,
 * on the request's blocking thread (or the {@code TaskSubmitter} caller's). When the client has its
 * response, the tasks are done. Same checks and semantics otherwise (order, skip after a failure).
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "inline")
final class InlineTaskSink implements TaskSink {
    private final BatchRunner runner;
    private final InMemoryStatusStore statuses;
    private final InMemoryConfiguration configuration;

    InlineTaskSink(BatchRunner runner, InMemoryStatusStore statuses, InMemoryConfiguration configuration) {
        this.runner = runner;
        this.statuses = statuses;
        this.configuration = configuration;
    }

    @Override
    public HandOff handOff() {
        return HandOff.BEFORE_RESPONSE;
    }

    @Override
    public boolean acceptsLocalTasks() {
        return configuration.isAllowLocalLambdas();
    }

    @Override
    public void submit(TaskBatch batch) {
        if (!statuses.queuedIfNew(batch)) {
            return;
        }
        BatchRun run = new BatchRun(batch);
        try {
            runner.run(run, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.reportDropped(run, "interrupted");
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        return true;
    }
}
