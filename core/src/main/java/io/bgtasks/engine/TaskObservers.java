package io.bgtasks.engine;

import io.bgtasks.BgTasksConfiguration;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TraceHeaders;
import io.micronaut.context.annotation.Bean;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@link TaskObserver} bean of the context as one: what a backend hands to the {@link BatchExecutor}. One
 * observer that throws does not keep the others from hearing, and never fails the batch.
 */
@Singleton
@Bean(typed = TaskObservers.class) // not itself one of the observers it collects
public final class TaskObservers implements TaskObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TaskObservers.class);
    private final List<TaskObserver> observers;
    private final String backend;

    /**
     * @param observers     the context's observers
     * @param configuration names the backend
     */
    public TaskObservers(List<TaskObserver> observers, BgTasksConfiguration configuration) {
        this.observers = List.copyOf(observers);
        this.backend = configuration.getBackend();
    }

    private void each(java.util.function.Consumer<TaskObserver> call) {
        for (TaskObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.warn("task observer {} failed; ignored", observer.getClass().getName(), e);
            }
        }
    }

    @Override
    public void submitted(String backend, TaskBatch batch) {
        each(o -> o.submitted(backend, batch));
    }

    /**
     * Reports a batch handed to this context's backend.
     *
     * @param batch the batch the sink took
     */
    public void submitted(TaskBatch batch) {
        submitted(backend, batch);
    }

    @Override
    public void waited(String backend, String batchId, Step step, int attempt, Duration wait) {
        each(o -> o.waited(backend, batchId, step, attempt, wait));
    }

    @Override
    public AttemptScope entered(String backend, String batchId, Step step, int attempt, @Nullable TraceHeaders trace) {
        List<AttemptScope> open = new ArrayList<>(1);
        each(o -> {
            AttemptScope scope = o.entered(backend, batchId, step, attempt, trace);
            if (scope != null && scope != AttemptScope.NONE) {
                open.add(scope);
            }
        });
        return open.isEmpty() ? AttemptScope.NONE : new Scopes(open);
    }

    /** The scopes of several observers: closed in the reverse order of opening, one that throws is logged. */
    private static final class Scopes implements AttemptScope {
        private final List<AttemptScope> open;

        Scopes(List<AttemptScope> open) {
            this.open = open;
        }

        @Override
        public void failed(Throwable error) {
            for (int i = open.size() - 1; i >= 0; i--) {
                AttemptScope scope = open.get(i);
                guarded(scope, () -> scope.failed(error));
            }
        }

        @Override
        public void close() {
            for (int i = open.size() - 1; i >= 0; i--) {
                guarded(open.get(i), open.get(i)::close);
            }
        }

        private static void guarded(AttemptScope scope, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("attempt scope {} failed; ignored", scope.getClass().getName(), e);
            }
        }
    }

    @Override
    public void started(String backend, String batchId, Step step, int attempt) {
        each(o -> o.started(backend, batchId, step, attempt));
    }

    @Override
    public void succeeded(String backend, String batchId, Step step, int attempt, Duration took) {
        each(o -> o.succeeded(backend, batchId, step, attempt, took));
    }

    @Override
    public void retrying(String backend, String batchId, Step step, int attempt, Duration took, String reason, Instant due) {
        each(o -> o.retrying(backend, batchId, step, attempt, took, reason, due));
    }

    @Override
    public void failed(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                       boolean deadLettered, int skipped) {
        each(o -> o.failed(backend, batchId, step, attempt, took, reason, deadLettered, skipped));
    }

    @Override
    public void dropped(String backend, String batchId, String taskId, String taskName, String reason) {
        each(o -> o.dropped(backend, batchId, taskId, taskName, reason));
    }
}
