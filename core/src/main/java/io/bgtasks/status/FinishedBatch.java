package io.bgtasks.status;

import io.bgtasks.paging.Cursor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A batch that reached its end, as listed by {@link FinishedTasks}: its tasks' ids lead to their full status
 * ({@link TaskStatusQuery#find}).
 *
 * @param batchId      the batch id
 * @param outcome      whether every task succeeded or one failed for good
 * @param finishedAt   when the batch finished (its last task, or the failure)
 * @param taskIds      the batch's task ids, in order (empty when the store no longer knows them)
 * @param taskNames    the tasks' names, in the same order
 * @param failedTaskId the task that failed, or null
 * @param error        why it failed ({@code Type: message}), or null
 */
@Serdeable
public record FinishedBatch(String batchId,
                            FinishedTasks.Outcome outcome,
                            Instant finishedAt,
                            List<String> taskIds,
                            List<String> taskNames,
                            @Nullable String failedTaskId,
                            @Nullable String error) {

    /** @return this batch's position in a listing, newest first */
    public Cursor position() {
        return new Cursor(finishedAt, batchId);
    }
}
