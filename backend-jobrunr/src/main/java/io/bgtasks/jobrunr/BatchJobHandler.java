package io.bgtasks.jobrunr;

import io.bgtasks.RetryPolicy;
import io.bgtasks.internal.TaskIds;
import io.bgtasks.spi.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.StepPolicies;
import io.bgtasks.spi.TaskInvoker;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs one bgtasks job: the batch's steps in order from the checkpoint in the job's metadata, saving the
 * checkpoint after each successful step but the last, so a retry or a recovered job resumes at the failed
 * step. On a failure it gives its verdict (retry when, dead, or hand back) to {@link RetryPolicyFilter}
 * through {@link JobThread} and rethrows, so JobRunr records the failure with its stack.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "jobrunr")
@Requires(property = "bgtasks.worker.enabled", notEquals = "false")
public final class BatchJobHandler implements JobRequestHandler<BatchJob> {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final BatchCodec codec;
    private final TaskInvoker invoker;
    private final StepPolicies policies;
    private final JobThread thread;

    BatchJobHandler(BatchCodec codec, TaskInvoker invoker, StepPolicies policies, JobThread thread) {
        this.codec = codec;
        this.invoker = invoker;
        this.policies = policies;
        this.thread = thread;
    }

    /**
     * Runs the batch from its checkpoint.
     *
     * @param request the batch
     * @throws Exception what the failed step threw, or why the batch cannot run
     */
    @Override
    public void run(BatchJob request) throws Exception {
        Job job = thread.current();
        if (job == null) {
            throw new IllegalStateException("bgtasks jobs run only on the BackgroundJobServer bgtasks starts");
        }
        Progress.starting(job);
        List<BatchCodec.Step> steps;
        try {
            steps = codec.decode(request.payload());
        } catch (PoisonTaskException e) {
            throw dead(job, request, -1, "poison: " + e.getMessage(), e);
        }
        int first = Progress.step(job);
        if (first >= steps.size()) {
            throw dead(job, request, first, "poison: checkpoint " + first + " is past the last step", null);
        }
        try {
            awaitDue(job);
        } catch (InterruptedException e) {
            thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.HAND_BACK, 0, null, null));
            throw e;
        }
        int attempt = Progress.failures(job) + 1;
        for (int i = first; i < steps.size(); i++) {
            BatchCodec.Step step = steps.get(i);
            String taskId = TaskIds.taskId(request.batchId(), i);
            RetryPolicy policy;
            try {
                policy = policies.of(step);
            } catch (PoisonTaskException e) {
                throw dead(job, request, i, "poison: " + e.getMessage(), e);
            }
            long started = System.currentTimeMillis();
            try {
                invoker.invoke(step.name(), step.args());
            } catch (PoisonTaskException e) {
                throw dead(job, request, i, "poison: task " + taskId + ": " + e.getMessage(), e);
            } catch (Throwable error) {
                throw failed(job, request, i, steps.size(), step, taskId, policy, attempt, error);
            }
            long ended = System.currentTimeMillis();
            Progress.stepSucceeded(job, i, attempt, started, ended);
            if (i < steps.size() - 1) {
                checkpoint(job, i);
            }
            attempt = 1;
        }
        // JobRunr clears a job's metadata when it succeeds: the filter puts the progress back for /tasks/{id}
        thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.DONE, 0, null, Progress.snapshot(job)));
    }

    private Exception failed(Job job, BatchJob request, int index, int total, BatchCodec.Step step, String taskId,
                             RetryPolicy policy, int attempt, Throwable error) {
        if (thread.isStopping() && (error instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
            // the worker is shutting down and interrupted the task: this attempt does not count
            LOG.warn("background task {} [{}] was interrupted by the worker's shutdown; it goes back to the queue", step.name(), taskId);
            thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.HAND_BACK, 0, null, null));
            return exception(error);
        }
        String reason = error.getClass().getName() + ": " + error.getMessage();
        if (policy.shouldRetry(error, attempt)) {
            long delay = policy.delayAfter(attempt).toMillis();
            LOG.warn("background task {} [{}] attempt {}/{} failed ({}); retrying in {} ms", step.name(), taskId, attempt,
                policy.maxAttempts(), reason, delay);
            thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.RETRY, System.currentTimeMillis() + delay, reason, null));
            return exception(error);
        }
        LOG.error("background task {} [{}] of batch {} failed after {} attempt(s) and is dead-lettered; the {} task(s) after it are skipped",
            step.name(), taskId, request.batchId(), attempt, total - index - 1, error);
        thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.DEAD, 0, reason, null));
        return exception(error);
    }

    private Exception dead(Job job, BatchJob request, int index, String reason, Exception cause) {
        LOG.error("batch {} is dead-lettered{}: {}", request.batchId(), index >= 0 ? " at step " + index : "", reason);
        thread.decide(new JobThread.Outcome(job.getId(), JobThread.Kind.DEAD, 0, reason, null));
        return cause != null ? cause : new PoisonTaskException(reason, null);
    }

    /**
     * Saves the job so that the checkpoint survives a crash. A failed save is not fatal: the metadata is saved
     * with the job's next update anyway, and at worst the step runs again (at least once).
     */
    private void checkpoint(Job job, int index) {
        try {
            thread.save(job);
        } catch (StorageException e) { // a concurrent modification is one too
            LOG.warn("batch job {}: could not save the checkpoint after step {} ({}); a retry may run that step again",
                job.getId(), index, e.toString());
        }
    }

    /**
     * JobRunr enqueues a scheduled job up to one poll interval before it is due; a retry must not run before the
     * delay its policy asked for, so the rest is waited out here.
     */
    private static void awaitDue(Job job) throws InterruptedException {
        long wait = Progress.due(job) - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static Exception exception(Throwable error) {
        return error instanceof Exception e ? e : new Exception(error);
    }
}
