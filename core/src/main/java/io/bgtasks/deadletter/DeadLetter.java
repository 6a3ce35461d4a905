package io.bgtasks.deadletter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A batch a durable backend gave up on: its last attempt failed, its error was not retryable, or its
 * payload could never run (poison).
 *
 * @param batchId      the batch id (use it to requeue or delete)
 * @param taskIds      the ids of the batch's tasks, in order
 * @param taskNames    the names of the batch's tasks, in order (empty when the payload could not be read)
 * @param failedTaskId the task that failed, or null when the whole payload was unreadable
 * @param error        why ({@code Type: message}, or the decoding problem)
 * @param attempts     attempts of the failed task
 * @param failedAt     when the batch was dead-lettered
 */
@Serdeable
public record DeadLetter(String batchId,
                         List<String> taskIds,
                         List<String> taskNames,
                         @Nullable String failedTaskId,
                         String error,
                         int attempts,
                         Instant failedAt) {

    /** @return this dead letter's position in a listing, newest first */
    public io.bgtasks.paging.Cursor position() {
        return new io.bgtasks.paging.Cursor(failedAt, batchId);
    }
}
