package io.bgtasks.status;

import io.bgtasks.spi.TaskIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads task statuses from the active backend. Every backend provides one; inject it to show progress
 * in your own endpoints, or enable the built-in {@code GET /tasks/{id}}.
 */
public interface TaskStatusQuery {

    /**
     * @param taskId a task id from {@link io.bgtasks.TaskHandle#id()}
     * @return the task's status, or empty when the id is unknown or its record has expired
     */
    Optional<TaskStatus> find(String taskId);

    /**
     * The statuses of a whole batch. Backends that keep a batch in one record read it once; this default asks for each
     * task in turn.
     *
     * @param batchId a batch id from {@link io.bgtasks.TaskHandle#batchId()}
     * @return the statuses of its tasks in order, empty when the batch is unknown or its record has expired
     */
    default List<TaskStatus> batch(String batchId) {
        List<TaskStatus> all = new ArrayList<>();
        for (int index = 0; ; index++) {
            Optional<TaskStatus> status = find(TaskIds.taskId(batchId, index));
            if (status.isEmpty()) {
                return all;
            }
            all.add(status.get());
        }
    }
}
