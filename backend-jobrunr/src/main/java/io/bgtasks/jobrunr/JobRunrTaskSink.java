package io.bgtasks.jobrunr;

import io.bgtasks.spi.BatchCodec;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageException;

import java.time.Duration;
import java.util.UUID;

/**
 * Durable hand-off: a request's batch becomes one JobRunr job, inserted before the response is written, so a 2xx
 * means the job is stored. The job id is the batch id (a UUID), so a batch stored twice (an idempotency key, a
 * retried submission) is one job and runs once. A storage failure answers 503 and stores nothing.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "jobrunr")
final class JobRunrTaskSink implements TaskSink {
    private final JobRequestScheduler scheduler;
    private final JobRunrStorage storage;
    private final BatchCodec codec;

    JobRunrTaskSink(JobRequestScheduler scheduler, JobRunrStorage storage, BatchCodec codec) {
        this.scheduler = scheduler;
        this.storage = storage;
        this.codec = codec;
    }

    @Override
    public HandOff handOff() {
        return HandOff.BEFORE_RESPONSE;
    }

    @Override
    public void submit(TaskBatch batch) {
        String first = batch.calls().get(0).name();
        String name = "bgtasks " + first.substring(first.lastIndexOf('.') + 1)
            + (batch.calls().size() > 1 ? " +" + (batch.calls().size() - 1) : "");
        try {
            // an existing id is skipped by JobRunr (the insert hits the primary key): idempotent
            scheduler.create(JobBuilder.aJob()
                .withId(UUID.fromString(batch.id()))
                .withName(name)
                .withLabels("bgtasks")
                .withJobRequest(new BatchJob(batch.id(), codec.encode(batch))));
        } catch (StorageException e) {
            throw new TaskSinkUnavailableException("JobRunr storage at " + storage.where() + " is unavailable: " + e.getMessage(), e);
        }
    }

    /** Idle when no job is waiting, scheduled for a retry or running, in any process sharing the storage. */
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
