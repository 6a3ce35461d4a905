package io.bgtasks.jobrunr;

import io.bgtasks.RetryPolicy;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.engine.StepPolicies;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.SucceededState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * bgtasks' retry policy in JobRunr: this {@link ElectStateFilter} replaces JobRunr's {@link RetryFilter} (JobRunr
 * keeps only the last elect-state filter it is given), so a failed batch is retried as its {@link RetryPolicy}
 * says (attempts, exponential backoff with jitter, retry-on and ignored exception types) instead of JobRunr's
 * ten retries 3^n s apart. It applies the handler's verdict when there is one; a failure the handler never saw
 * (its worker died: JobRunr's orphan recovery; the job could not even be read) is decided here. Jobs that bgtasks
 * did not create keep JobRunr's default behaviour.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "jobrunr")
final class RetryPolicyFilter implements ElectStateFilter {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");
    /** Failures that mean "the worker stopped", not "the task failed". */
    private static final Set<String> STOPPED = Set.of(InterruptedException.class.getName(),
        "org.jobrunr.server.JobActivatorShutdownException");
    /** Failures that mean "this job can never be run". */
    private static final Set<String> UNRUNNABLE = Set.of("org.jobrunr.scheduling.exceptions.JobNotFoundException",
        "org.jobrunr.jobs.exceptions.JobParameterNotDeserializableException");

    private final JobThread thread;
    private final BatchCodec codec;
    private final StepPolicies policies;
    private final RetryFilter others = new RetryFilter();

    RetryPolicyFilter(JobThread thread, BatchCodec codec, StepPolicies policies) {
        this.thread = thread;
        this.codec = codec;
        this.policies = policies;
    }

    @Override
    public void onStateElection(Job job, JobState newState) {
        if (!BatchJob.isBatch(job)) {
            others.onStateElection(job, newState);
            return;
        }
        if (newState instanceof SucceededState) {
            JobThread.Outcome done = thread.take(job.getId());
            if (done != null && done.keep() != null) {
                job.getMetadata().putAll(done.keep());
            }
        } else if (newState instanceof FailedState failed) {
            JobThread.Outcome verdict = thread.take(job.getId());
            apply(job, verdict != null ? verdict : decide(job, failed));
        }
    }

    private void apply(Job job, JobThread.Outcome verdict) {
        switch (verdict.kind()) {
            case HAND_BACK -> {
                Progress.handedBack(job);
                job.enqueue();
            }
            case RETRY -> {
                Progress.attemptFailed(job, verdict.error(), verdict.dueMs());
                job.scheduleAt(Instant.ofEpochMilli(verdict.dueMs()),
                    "bgtasks: attempt " + (Progress.failures(job) + 1) + " of step " + Progress.step(job));
            }
            case DEAD -> Progress.attemptFailed(job, verdict.error(), 0);
            case DONE -> { }
        }
    }

    /** A failure without the handler's verdict: the job could not be run, the worker stopped, or it died. */
    private JobThread.Outcome decide(Job job, FailedState failed) {
        String type = failed.getExceptionType();
        String what = failed.getMessage() + " (" + type + ": " + failed.getExceptionMessage() + ")";
        if (failed.mustNotRetry() || (type != null && UNRUNNABLE.contains(type))) {
            LOG.error("batch {} can never run and is dead-lettered: {}", job.getId(), what);
            return new JobThread.Outcome(job.getId(), JobThread.Kind.DEAD, 0, "poison: " + what, null);
        }
        String cause = failed.getExceptionCauseType();
        if ((type != null && STOPPED.contains(type)) || (cause != null && STOPPED.contains(cause))) {
            return new JobThread.Outcome(job.getId(), JobThread.Kind.HAND_BACK, 0, null, null);
        }
        RetryPolicy policy;
        try {
            List<BatchCodec.Step> steps = codec.decode(BatchJob.of(job)
                .orElseThrow(() -> new PoisonTaskException("JobRunr cannot read the batch back", null)).payload());
            int step = Math.min(Progress.step(job), steps.size() - 1);
            policy = policies.of(steps.get(step));
        } catch (PoisonTaskException e) {
            return new JobThread.Outcome(job.getId(), JobThread.Kind.DEAD, 0, "poison: " + e.getMessage(), null);
        }
        // a lost worker counts as an attempt, so a task that kills its worker every time ends in the dead letters
        int attempt = Progress.failures(job) + 1;
        if (attempt < policy.maxAttempts()) {
            long delay = policy.delayAfter(attempt).toMillis();
            LOG.warn("batch {}: attempt {}/{} was lost: {}; retrying in {} ms", job.getId(), attempt, policy.maxAttempts(), what, delay);
            return new JobThread.Outcome(job.getId(), JobThread.Kind.RETRY, System.currentTimeMillis() + delay, what, null);
        }
        LOG.error("batch {}: attempt {}/{} was lost ({}); no attempts left, dead-lettered", job.getId(), attempt, policy.maxAttempts(), what);
        return new JobThread.Outcome(job.getId(), JobThread.Kind.DEAD, 0, "gave up: " + what, null);
    }
}
