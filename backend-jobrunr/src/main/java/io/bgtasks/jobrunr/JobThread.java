package io.bgtasks.jobrunr;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.storage.StorageProvider;

import java.util.Map;
import java.util.UUID;

/**
 * What the worker thread of a running bgtasks job knows, handed between JobRunr's hooks and the handler:
 * JobRunr gives a {@link JobServerFilter} the {@link Job} itself just before the handler runs (the handler
 * needs it to save checkpoints), and runs the state election right after the handler returns or throws, on
 * the same thread (the election needs the handler's verdict, which only the handler can reach: it has the
 * exception object, the step and its policy).
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "jobrunr")
final class JobThread implements JobServerFilter {
    /** The handler's verdict on one run of a job. */
    enum Kind {
        /** Every step succeeded. */
        DONE,
        /** A step failed and the policy grants another attempt. */
        RETRY,
        /** A step failed for good, or the batch can never run. */
        DEAD,
        /** The worker is stopping: back to the queue, the attempt does not count. */
        HAND_BACK
    }

    /**
     * @param jobId the job
     * @param kind the verdict
     * @param dueMs when a retry is due
     * @param error why it failed
     * @param keep  progress to put back after a success (JobRunr clears metadata on success)
     */
    record Outcome(UUID jobId, Kind kind, long dueMs, String error, Map<String, String> keep) {
    }

    private final ThreadLocal<Job> job = new ThreadLocal<>();
    private final ThreadLocal<Outcome> outcome = new ThreadLocal<>();
    private volatile StorageProvider storage;
    private volatile boolean stopping;

    @Override
    public void onProcessing(Job running) {
        job.set(running);
        outcome.remove();
    }

    @Override
    public void onProcessingSucceeded(Job running) {
        job.remove();
    }

    @Override
    public void onProcessingFailed(Job running, Exception e) {
        job.remove();
    }

    /** @return the job this thread runs, or null outside a bgtasks worker */
    Job current() {
        return job.get();
    }

    void decide(Outcome verdict) {
        outcome.set(verdict);
    }

    /** @return the verdict of this thread's handler on that job, once; null when the handler gave none */
    Outcome take(UUID jobId) {
        Outcome verdict = outcome.get();
        outcome.remove();
        return verdict != null && verdict.jobId().equals(jobId) ? verdict : null;
    }

    /** @param workerStorage the worker's storage provider, which locks a job while saving it */
    void attach(StorageProvider workerStorage) {
        this.storage = workerStorage;
        this.stopping = false;
    }

    /** Saves a running job (its checkpoint) through the worker's storage, as JobRunr's own updates do. */
    void save(Job running) {
        storage.save(running);
    }

    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }
}
