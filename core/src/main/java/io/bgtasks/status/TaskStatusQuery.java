package io.bgtasks.status;

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
}
