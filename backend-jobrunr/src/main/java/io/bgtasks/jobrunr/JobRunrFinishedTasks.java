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
    /** A row and the state it was read for. */
    private record Tagged(JobRunrKeyset.Row row, boolean failed) {
    }

    private static List<Tagged> tagged(List<JobRunrKeyset.Row> rows, boolean failed) {
        return rows.stream().map(r -> new Tagged(r, failed)).toList();
    }

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
        List<Tagged> succeeded = outcome == Outcome.FAILED ? List.of()
            : tagged(keyset.after(StateName.SUCCEEDED, cursor, size + 1), false);
        List<Tagged> failed = outcome == Outcome.SUCCEEDED ? List.of()
            : tagged(keyset.after(StateName.FAILED, cursor, size + 1), true);
        // the cursor follows the rows read, so a row left out shortens a page but never ends the listing early
        KeysetPage<Tagged> rows = Pages.newestFirst(size, t -> t.row().position(), succeeded, failed);
        List<FinishedBatch> items = new ArrayList<>(rows.items().size());
        for (Tagged t : rows.items()) {
            if (t.row().job() != null && !BatchJob.isBatch(t.row().job())) {
                continue;
            }
            // by the state the row was read for: an unreadable row has no job to ask
            items.add(t.failed() ? failed(t.row()) : succeeded(t.row()));
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
