package io.bgtasks.metrics;

import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObserver;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Meters of the tasks this process runs, on every backend, when the application has a Micrometer
 * {@link MeterRegistry} (e.g. from micronaut-micrometer-core). Tags: {@code backend}, {@code task} (the task's name,
 * {@code class#method}: bounded by the registered handlers) and {@code outcome}. See docs/operations.md, Metrics.
 * <ul>
 *   <li>{@code bgtasks.tasks} (counter): tasks handed to the backend ({@code submitted}) and attempts by outcome:
 *   {@code started}, {@code succeeded}, {@code retried}
 *   (failed, another attempt follows), {@code failed} (failed for good), {@code dead_lettered} (failed for good and
 *   kept as a dead letter), {@code skipped} (tasks after this task's failure that will not run), {@code dropped}
 *   (in memory, abandoned at shutdown).</li>
 *   <li>{@code bgtasks.task.duration} (timer): how long attempts ran, by outcome {@code succeeded}, {@code retried},
 *   {@code failed}.</li>
 *   <li>{@code bgtasks.task.queue.wait} (timer): how long attempts waited to start once their step was ready to run
 *   (its batch stored, a delayed batch's start time, a retry's due time, the end of the step before it).</li>
 * </ul>
 */
@Singleton
@Requires(classes = MeterRegistry.class)
@Requires(beans = MeterRegistry.class)
final class TaskMetrics implements TaskObserver {
    static final String TASKS = "bgtasks.tasks";
    static final String DURATION = "bgtasks.task.duration";
    static final String QUEUE_WAIT = "bgtasks.task.queue.wait";
    private static final String UNREADABLE = "(unreadable batch)";

    private final MeterRegistry registry;

    TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String backend, String task, String outcome) {
        return Counter.builder(TASKS).description("Background task attempts by outcome")
            .tag("backend", backend).tag("task", task).tag("outcome", outcome).register(registry);
    }

    private void time(String backend, String task, String outcome, Duration took) {
        Timer.builder(DURATION).description("How long background task attempts ran")
            .tag("backend", backend).tag("task", task).tag("outcome", outcome).register(registry).record(took);
    }

    @Override
    public void submitted(String backend, TaskBatch batch) {
        for (TaskCall call : batch.calls()) {
            counter(backend, call.name(), "submitted").increment();
        }
    }

    @Override
    public void waited(String backend, String batchId, Step step, int attempt, Duration wait) {
        Timer.builder(QUEUE_WAIT).description("How long background task attempts waited to start once they were ready")
            .tag("backend", backend).tag("task", step.name()).register(registry).record(wait);
    }

    @Override
    public void started(String backend, String batchId, Step step, int attempt) {
        counter(backend, step.name(), "started").increment();
    }

    @Override
    public void succeeded(String backend, String batchId, Step step, int attempt, Duration took) {
        counter(backend, step.name(), "succeeded").increment();
        time(backend, step.name(), "succeeded", took);
    }

    @Override
    public void retrying(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                         java.time.Instant due) {
        counter(backend, step.name(), "retried").increment();
        time(backend, step.name(), "retried", took);
    }

    @Override
    public void failed(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                       boolean deadLettered, int skipped) {
        String task = step == null ? UNREADABLE : step.name();
        counter(backend, task, deadLettered ? "dead_lettered" : "failed").increment();
        if (attempt > 0) {
            time(backend, task, "failed", took);
        }
        if (skipped > 0) {
            counter(backend, task, "skipped").increment(skipped);
        }
    }

    @Override
    public void dropped(String backend, String batchId, String taskId, String taskName, String reason) {
        counter(backend, taskName, "dropped").increment();
    }
}
