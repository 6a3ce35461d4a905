package io.bgtasks.events;

/**
 * A task will never run: the in-memory backend's worker stopped (past {@code bgtasks.worker.shutdown-timeout})
 * before it could, and nothing stores it to run elsewhere. One event per task.
 *
 * @param backend  the backend's name
 * @param batchId  the batch
 * @param taskId   the task's id
 * @param taskName the task's name ({@code class#method})
 * @param reason   why
 */
public record TaskDroppedEvent(String backend, String batchId, String taskId, String taskName, String reason) {
}
