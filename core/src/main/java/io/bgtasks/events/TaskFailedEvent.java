package io.bgtasks.events;

/**
 * A task failed for good: its retries, if any, are used up, or it can never run (poison). Its batch stops there; the
 * tasks after it are skipped. Not published for an attempt that will be retried.
 *
 * @param backend      the backend's name ({@code inmemory}, {@code redis}, {@code jobrunr})
 * @param batchId      the batch
 * @param taskId       the task's id, or null when the batch itself could not be read
 * @param taskName     the task's name ({@code class#method}), or null as for the id
 * @param attempts     the attempts it ran (0 when none could start)
 * @param reason       the error, {@code class: message}, or why it cannot run
 * @param deadLettered whether the batch is kept as a dead letter that can be requeued (durable backends)
 * @param skipped      how many tasks after it will not run
 */
public record TaskFailedEvent(String backend, String batchId, String taskId, String taskName, int attempts, String reason,
                              boolean deadLettered, int skipped) {
}
