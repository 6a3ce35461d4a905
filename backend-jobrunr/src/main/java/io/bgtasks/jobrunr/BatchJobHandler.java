package io.bgtasks.jobrunr;

import io.bgtasks.engine.BatchExecutor;
import io.bgtasks.engine.BatchResult;
import io.bgtasks.engine.BatchStore;
import io.bgtasks.engine.Delivery;
import io.bgtasks.engine.Step;
import io.bgtasks.engine.StoredSteps;
import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.PoisonTaskException;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Runs one bgtasks job on core's {@link BatchExecutor} with the JobRunr port: the checkpoint lives in the job's
 * metadata and is saved after each successful step but the last, so a retry or a recovered job resumes at the
 * failed step. The executor's verdict (retry when, dead, hand back, done) is written into the job's metadata
 * ({@link Verdict}), where {@link RetryPolicyFilter} reads it when JobRunr elects the job's next state; a failed
 * step's error is rethrown so that JobRunr records the failure with its stack.
 */
@Singleton
@Requires(property = "bgtasks.worker.enabled", notEquals = "false")
public final class BatchJobHandler implements JobRequestHandler<BatchJob> {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final StoredSteps steps;
    private final RunningJobs running;
    private final TaskObservers observers;

    BatchJobHandler(StoredSteps steps, RunningJobs running, TaskObservers observers) {
        this.steps = steps;
        this.running = running;
        this.observers = observers;
    }

    /**
     * Runs the batch from its checkpoint.
     *
     * @param request the batch
     * @throws Exception what the failed step threw, or why the batch cannot run
     */
    @Override
    public void run(BatchJob request) throws Exception {
        // JobRunr's own record of the job this thread runs; the request's batch id is only data and may be damaged
        Job job = ThreadLocalJobContext.hasJobContext() ? running.get(ThreadLocalJobContext.getJobContext().getJobId()) : null;
        if (job == null) {
            throw new IllegalStateException("bgtasks jobs run only on the BackgroundJobServer bgtasks starts");
        }
        Progress.starting(job);
        JobStore store = new JobStore(job, request);
        List<Step> decoded;
        try {
            if (!job.getId().toString().equals(request.batchId())) {
                throw new PoisonTaskException("the batch id stored in the job (" + request.batchId() + ") is not the job's id", null);
            }
            decoded = steps.of(request.batchId(), request.payload());
        } catch (PoisonTaskException e) {
            throw rethrow(BatchExecutor.unreadable(job.getId().toString(), Progress.step(job), e.getMessage(), store, observers));
        }
        long due = dueMillis(job);
        try {
            awaitDue(due);
        } catch (InterruptedException e) {
            store.handBack(Progress.step(job));
            throw e;
        }
        // ready when due (a retry, a delayed batch), else since JobRunr stored the job
        Instant ready = due > 0 ? Instant.ofEpochMilli(due) : job.getCreatedAt();
        BatchResult result = BatchExecutor.run(request.batchId(), decoded, Progress.step(job), Progress.failures(job) + 1,
            new Delivery(ready, request.trace()), store, observers);
        if (result.outcome() != BatchResult.Outcome.DONE) {
            throw rethrow(result);
        }
    }

    /** The JobRunr port for the job this thread runs. */
    private final class JobStore implements BatchStore {
        private final Job job;
        private final BatchJob request;

        JobStore(Job job, BatchJob request) {
            this.job = job;
            this.request = request;
        }

        @Override
        public String backend() {
            return "jobrunr";
        }

        @Override
        public boolean checkpoint(int index, int attempt, Instant started, Instant ended) {
            Progress.stepSucceeded(job, index, attempt, started.toEpochMilli(), ended.toEpochMilli());
            save(index);
            return true;
        }

        @Override
        public void completed(int index, int attempt, Instant started, Instant ended) {
            Progress.stepSucceeded(job, index, attempt, started.toEpochMilli(), ended.toEpochMilli());
            // JobRunr clears a job's metadata when it succeeds: the progress rides in the request, for /tasks/{id}
            request.finished(Progress.completedRecord(job));
            Verdict.DONE.record(job);
        }

        @Override
        public Retry retry(int index, int attempt, String reason, Instant due) {
            Progress.attemptFailed(job, reason, due.toEpochMilli());
            Verdict.RETRY.record(job);
            return Retry.SCHEDULED;
        }

        @Override
        public boolean deadLetter(int index, String reason) {
            Progress.attemptFailed(job, reason, 0);
            Verdict.DEAD.record(job);
            return true;
        }

        @Override
        public void handBack(int index) {
            Verdict.HAND_BACK.record(job);
        }

        @Override
        public boolean stoppedBy(Throwable error) {
            return running.isStopping() && (error instanceof InterruptedException || Thread.currentThread().isInterrupted());
        }

        /**
         * Saves the job so that the checkpoint survives a crash. A failed save is not fatal: the metadata is saved
         * with the job's next update anyway, and at worst the step runs again (at least once).
         */
        private void save(int index) {
            try {
                running.save(job);
            } catch (StorageException e) { // a concurrent modification is one too
                LOG.warn("batch job {}: could not save the checkpoint after step {} ({}); a retry may run that step again",
                    job.getId(), index, e.toString());
            }
        }
    }

    /**
     * JobRunr enqueues a scheduled job up to one poll interval before it is due; a retry must not run before the
     * delay its policy asked for, nor a delayed batch before its start time, so the rest is waited out here.
     */
    /** @return when the job may run (ms): a retry's due time or a delayed batch's start time, or 0 */
    private static long dueMillis(Job job) {
        Instant start = Delay.startAt(job);
        // the start time rounded up to a millisecond: never a fraction early
        return Math.max(Progress.due(job), start == null ? 0 : start.plusNanos(999_999).toEpochMilli());
    }

    private static void awaitDue(long due) throws InterruptedException {
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** JobRunr records a job as failed when its handler throws: the failed step's error, with its stack. */
    private static Exception rethrow(BatchResult result) {
        Throwable error = result.error();
        if (error == null) {
            return new InterruptedException("the batch left this worker");
        }
        return error instanceof Exception e ? e : new Exception(error);
    }
}
