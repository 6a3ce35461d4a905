package io.bgtasks.contract;

import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObserver;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue wait the executor reports for each attempt, by task id and attempt: what the {@code bgtasks.task.queue.wait}
 * timer records, one attempt at a time (the timer only sums them per task name).
 */
@Singleton
public class ContractWaits implements TaskObserver {
    private final Map<String, Duration> waits = new ConcurrentHashMap<>();

    @Override
    public void waited(String backend, String batchId, Step step, int attempt, Duration wait) {
        waits.put(step.taskId() + "/" + attempt, wait);
    }

    /** @return the wait of that attempt, or null when it has not started */
    public Duration of(String taskId, int attempt) {
        return waits.get(taskId + "/" + attempt);
    }
}
