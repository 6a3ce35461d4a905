package io.bgtasks.jobrunr;

import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.states.StateName;

import java.util.ArrayList;
import java.util.List;

/**
 * Finished batches on JobRunr: its SUCCEEDED jobs (kept until JobRunr deletes them,
 * {@code bgtasks.jobrunr.delete-succeeded-jobs-after}) and its FAILED ones (the dead letters), each read by
 * {@link JobRunrKeyset}; "all" reads a page of each and merges them, since one range of the (state, updatedAt) index
 * holds one state.
 */
@Singleton
final class JobRunrFinishedTasks implements FinishedTasks {
    private final JobRunrKeyset keyset;
    private final JobRunrDeadLetters deadLetters;
    private final BatchCodec codec;

    JobRunrFinishedTasks(JobRunrKeyset keyset, JobRunrDeadLetters deadLetters, BatchCodec codec) {
        this.keyset = keyset;
        this.deadLetters = deadLetters;
        this.codec = codec;
    }

    @Override
    public KeysetPage<FinishedBatch> recent(Outcome outcome, @Nullable String after, int limit) {
        Cursor cursor = Cursor.decode(after);
        int size = Pages.limit(limit);
        List<JobRunrKeyset.Row> succeeded = outcome == Outcome.FAILED ? List.of()
            : keyset.after(StateName.SUCCEEDED, cursor, size + 1);
        List<JobRunrKeyset.Row> failed = outcome == Outcome.SUCCEEDED ? List.of()
            : keyset.after(StateName.FAILED, cursor, size + 1);
        // the cursor follows the rows read, so a row that is not a batch (a job of the application's own) shortens a
        // page but never ends the listing early
        KeysetPage<JobRunrKeyset.Row> rows = Pages.newestFirst(size, JobRunrKeyset.Row::position, succeeded, failed);
        List<FinishedBatch> items = new ArrayList<>(rows.items().size());
        for (JobRunrKeyset.Row row : rows.items()) {
            if (row.job() != null && !BatchJob.isBatch(row.job())) {
                continue;
            }
            items.add(row.job() != null && row.job().hasState(StateName.FAILED) ? failed(row) : succeeded(row));
        }
        return new KeysetPage<>(items, rows.next());
    }

    private FinishedBatch failed(JobRunrKeyset.Row row) {
        DeadLetter letter = deadLetters.letter(row);
        return new FinishedBatch(letter.batchId(), Outcome.FAILED, row.updatedAt(), letter.taskIds(), letter.taskNames(),
            letter.failedTaskId(), letter.error());
    }

    private FinishedBatch succeeded(JobRunrKeyset.Row row) {
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            String payload = row.job() == null ? null : BatchJob.of(row.job()).map(BatchJob::payload).orElse(null);
            for (BatchCodec.Step step : payload == null ? List.<BatchCodec.Step>of() : codec.decode(payload)) {
                ids.add(TaskIds.taskId(row.id(), ids.size()));
                names.add(step.name());
            }
        } catch (PoisonTaskException e) {
            // listed without its tasks; the status lookup says what it can
        }
        return new FinishedBatch(row.id(), Outcome.SUCCEEDED, row.updatedAt(), ids, names, null, null);
    }
}
