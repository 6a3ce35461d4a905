package io.bgtasks.jobrunr;

import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.Paging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters are JobRunr's FAILED jobs: requeueing one enqueues the same job again, resuming at its
 * checkpoint with fresh attempts; deleting one moves it to JobRunr's DELETED state, which JobRunr purges after
 * {@code bgtasks.jobrunr.permanently-delete-jobs-after}.
 */
@Singleton
final class JobRunrDeadLetters implements DeadLetters {
    private final JobRunrStorage storage;
    private final BatchCodec codec;
    private final JobRunrKeyset keyset;
    private final PickupSignal pickup;

    JobRunrDeadLetters(JobRunrStorage storage, BatchCodec codec, JobRunrKeyset keyset, PickupSignal pickup) {
        this.storage = storage;
        this.codec = codec;
        this.keyset = keyset;
        this.pickup = pickup;
    }

    @Override
    public KeysetPage<DeadLetter> page(@Nullable String after, int limit) {
        int size = Pages.limit(limit);
        List<JobRunrKeyset.Row> rows = keyset.after(StateName.FAILED, Cursor.decode(after), size + 1);
        KeysetPage<JobRunrKeyset.Row> page = Pages.newestFirst(size, JobRunrKeyset.Row::position, rows);
        List<DeadLetter> letters = new ArrayList<>(page.items().size());
        for (JobRunrKeyset.Row row : page.items()) {
            if (row.job() == null || BatchJob.isBatch(row.job())) {
                letters.add(letter(row));
            }
        }
        return new KeysetPage<>(letters, page.next());
    }

    /** @return the dead letter of a FAILED row, keyed by the row (its id, its updatedAt) */
    DeadLetter letter(JobRunrKeyset.Row row) {
        if (row.job() == null) {
            return new DeadLetter(row.id(), List.of(), List.of(), null, "its stored job could not be read"
                + (row.damage() != null ? ": " + row.damage() : ""), 0, row.updatedAt());
        }
        DeadLetter letter = letter(row.job());
        return new DeadLetter(row.id(), letter.taskIds(), letter.taskNames(), letter.failedTaskId(), letter.error(),
            letter.attempts(), row.updatedAt());
    }

    @Override
    public List<DeadLetter> list(int offset, int limit) {
        List<Job> jobs = storage.provider().getJobList(StateName.FAILED, Paging.OffsetBasedPage.descOnUpdatedAt(offset, limit));
        List<DeadLetter> letters = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            if (BatchJob.isBatch(job)) {
                letters.add(letter(job));
            }
        }
        return letters;
    }

    private DeadLetter letter(Job job) {
        String batchId = job.getId().toString();
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            String payload = BatchJob.of(job).orElseThrow(() -> new PoisonTaskException("unreadable job", null)).payload();
            for (BatchCodec.Step step : codec.decode(payload)) {
                ids.add(TaskIds.taskId(batchId, ids.size()));
                names.add(step.name());
            }
        } catch (PoisonTaskException e) {
            // unreadable payload: the error says so
        }
        String failed = ids.isEmpty() ? null : TaskIds.taskId(batchId, Math.min(Progress.step(job), ids.size() - 1));
        String error = JobRunrStatusQuery.lastError(job);
        return new DeadLetter(batchId, ids, names, failed, error != null ? error : "unknown", Progress.failures(job),
            job.getUpdatedAt());
    }

    @Override
    public long count() {
        return storage.provider().countJobs(StateName.FAILED);
    }

    @Override
    public boolean requeue(String batchId) {
        boolean requeued = change(batchId, job -> {
            Progress.freshAttempts(job);
            job.enqueue();
        });
        if (requeued) {
            pickup.stored();
        }
        return requeued;
    }

    @Override
    public boolean delete(String batchId) {
        return change(batchId, job -> job.delete("deleted from the bgtasks dead letters"));
    }

    private boolean change(String batchId, java.util.function.Consumer<Job> change) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<Job> found = JobRunrStatusQuery.job(storage, batchId);
            if (found.isEmpty() || !BatchJob.isBatch(found.get()) || !found.get().hasState(StateName.FAILED)) {
                return false;
            }
            Job job = found.get();
            change.accept(job);
            try {
                storage.provider().save(job);
                return true;
            } catch (ConcurrentJobModificationException e) {
                // changed meanwhile (e.g. from JobRunr's dashboard): read it again
            }
        }
        return false;
    }
}
