package io.bgtasks.events;

import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObserver;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Turns what the executor observes into the application events of this package. */
@Singleton
final class TaskEventPublisher implements TaskObserver {
    private final ApplicationEventPublisher<TaskFailedEvent> failed;
    private final ApplicationEventPublisher<TaskDroppedEvent> dropped;

    TaskEventPublisher(ApplicationEventPublisher<TaskFailedEvent> failed, ApplicationEventPublisher<TaskDroppedEvent> dropped) {
        this.failed = failed;
        this.dropped = dropped;
    }

    @Override
    public void failed(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                       boolean deadLettered, int skipped) {
        failed.publishEvent(new TaskFailedEvent(backend, batchId, step == null ? null : step.taskId(),
            step == null ? null : step.name(), attempt, reason, deadLettered, skipped));
    }

    @Override
    public void dropped(String backend, String batchId, String taskId, String taskName, String reason) {
        dropped.publishEvent(new TaskDroppedEvent(backend, batchId, taskId, taskName, reason));
    }
}
