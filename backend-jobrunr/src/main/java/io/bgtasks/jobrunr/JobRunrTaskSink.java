package io.bgtasks.jobrunr;

import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.bgtasks.spi.TaskSinkUnavailableException;
import jakarta.inject.Singleton;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Durable hand-off: a request's batch becomes one JobRunr job, inserted before the response is written, so a 2xx
 * means the job is stored. The job id is the batch id (a UUID), so a batch stored twice (an idempotency key, a
 * retried submission) is one job and runs once. A storage failure answers 503 and stores nothing. A bulk enqueue
 * ({@link #submitAll}) stores all its batches in one transaction. A delayed batch is stored at once too, as a job
 * that JobRunr schedules for its start time.
 */
@Singleton
final class JobRunrTaskSink implements TaskSink {
    private final JobRunrScheduler scheduler;
    private final JobRunrStorage storage;
    private final BatchCodec codec;
    private final PickupSignal pickup;

    JobRunrTaskSink(JobRunrScheduler scheduler, JobRunrStorage storage, BatchCodec codec, PickupSignal pickup) {
        this.scheduler = scheduler;
        this.storage = storage;
        this.codec = codec;
        this.pickup = pickup;
    }

    @Override
    public HandOff handOff() {
        return HandOff.BEFORE_RESPONSE;
    }

    @Override
    public void submit(TaskBatch batch) {
        try {
            // an existing id is skipped by JobRunr (the insert hits the primary key): idempotent
            scheduler.create(job(batch));
        } catch (StorageException e) {
            throw unavailable(e);
        }
        // committed: the workers may look now (a delayed batch is not due yet)
        if (!batch.isDelayed(Instant.now())) {
            pickup.stored();
        }
    }

    /**
     * Stores all batches with one JobRunr bulk save: on SQL storage one JDBC batch insert in one transaction,
     * whatever their number, so either all are stored or none. A batch whose id is stored already (an idempotency
     * key used before, the same batch given twice) is not stored again and the others still are, in one
     * transaction.
     *
     * @param batches the sealed batches, in order
     * @throws TaskSinkUnavailableException when the storage fails; none of the batches is stored then
     */
    @Override
    public void submitAll(List<TaskBatch> batches) {
        // one job per id, as one submit per batch would store them
        Map<String, TaskBatch> byId = new LinkedHashMap<>();
        for (TaskBatch batch : batches) {
            byId.putIfAbsent(batch.id(), batch);
        }
        try {
            try {
                scheduler.createAll(jobs(byId.values().stream().toList()));
            } catch (StorageException e) {
                // one stored id fails the whole insert and nothing of it is kept: find the stored ones
                // (one query each, only on this path) and insert the others once more
                if (!SqlStates.has(e, SqlStates.CONSTRAINT_VIOLATION)) {
                    throw e;
                }
                List<TaskBatch> fresh = byId.values().stream().filter(batch -> !stored(batch.id())).toList();
                if (fresh.size() == byId.size()) {
                    throw e;
                }
                scheduler.createAll(jobs(fresh));
            }
        } catch (StorageException e) {
            throw unavailable(e);
        }
        Instant now = Instant.now();
        if (byId.values().stream().anyMatch(batch -> !batch.isDelayed(now))) {
            pickup.stored();
        }
    }

    /**
     * The job of a batch, the same for {@link #submit} and {@link #submitAll}. A delayed batch is a SCHEDULED job due
     * at its start time (stored now all the same; {@link Delay} reads the time back); one due already is ENQUEUED.
     */
    private JobBuilder job(TaskBatch batch) {
        String first = batch.calls().get(0).name();
        String name = "bgtasks " + first.substring(first.lastIndexOf('.') + 1)
            + (batch.calls().size() > 1 ? " +" + (batch.calls().size() - 1) : "");
        JobBuilder job = JobBuilder.aJob()
            .withId(UUID.fromString(batch.id()))
            .withName(name)
            .withLabels("bgtasks")
            .withJobRequest(new BatchJob(batch.id(), codec.encode(batch), batch.trace()));
        return batch.isDelayed(Instant.now()) ? job.scheduleAt(batch.startAt()) : job;
    }

    private List<JobBuilder> jobs(List<TaskBatch> batches) {
        return batches.stream().map(this::job).toList();
    }

    private boolean stored(String batchId) {
        try {
            storage.provider().getJobById(UUID.fromString(batchId));
            return true;
        } catch (JobNotFoundException e) {
            return false;
        }
    }

    private TaskSinkUnavailableException unavailable(StorageException e) {
        return new TaskSinkUnavailableException("JobRunr storage at " + storage.where() + " is unavailable: " + e.getMessage(), e);
    }

    /**
     * Idle when no job is waiting, scheduled (a retry or a delayed batch) or running, in any process sharing the
     * storage: a delayed batch keeps it busy until it has run.
     */
    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // one statement over every state, so a job moving between states is never missed
            JobStats stats = storage.provider().getJobStats();
            if (stats.getAwaiting() + stats.getScheduled() + stats.getEnqueued() + stats.getProcessing() == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
