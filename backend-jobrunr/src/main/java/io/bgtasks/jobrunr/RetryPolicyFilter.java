package io.bgtasks.jobrunr;

import io.bgtasks.RetryPolicy;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.engine.StepPolicies;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
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
 * ten retries 3^n s apart. It applies the handler's verdict, which the handler left in the job's metadata
 * ({@link Verdict}), when there is one for the run that ended; a failure the handler never saw
 * (its worker died: JobRunr's orphan recovery; the job could not even be read) is decided here. Jobs that bgtasks
 * did not create keep JobRunr's default behaviour.
 */
@Singleton
final class RetryPolicyFilter implements ElectStateFilter {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");
    /** Failures that mean "the worker stopped", not "the task failed". */
    private static final Set<String> STOPPED = Set.of(InterruptedException.class.getName(),
        "org.jobrunr.server.JobActivatorShutdownException");
    /** Failures that mean "this job can never be run". */
    private static final Set<String> UNRUNNABLE = Set.of("org.jobrunr.scheduling.exceptions.JobNotFoundException",
        "org.jobrunr.jobs.exceptions.JobParameterNotDeserializableException");

    private final BatchCodec codec;
    private final StepPolicies policies;
    private final RetryFilter others = new RetryFilter();

    RetryPolicyFilter(BatchCodec codec, StepPolicies policies) {
        this.codec = codec;
        this.policies = policies;
    }

    @Override
    public void onStateElection(Job job, JobState newState) {
        if (!BatchJob.isBatch(job)) {
            if (newState instanceof ProcessingState) {
                // bgtasks' reader refuses such rows already (GuardedJobMapper); should one get here, it is not run
                job.failed("bgtasks runs only its own jobs", new DamagedJobException(job.getId(),
                    "the job names " + job.getJobDetails().getClassName() + "." + job.getJobDetails().getMethodName()
                        + ", not bgtasks' job; it is not run"));
                return;
            }
            others.onStateElection(job, newState);
            return;
        }
        if (newState instanceof SucceededState) {
            // the progress JobRunr cleared with the metadata goes back for /tasks/{id}
            BatchJob.of(job).map(BatchJob::takeFinished).ifPresent(record -> Progress.restoreCompleted(job, record));
            Verdict.clear(job);
        } else if (newState instanceof FailedState failed) {
            apply(job, Verdict.take(job).orElseGet(() -> decide(job, failed)));
        }
    }

    /** Moves the job on as the verdict says; the attempt is already counted in its progress. */
    private static void apply(Job job, Verdict verdict) {
        switch (verdict) {
            case HAND_BACK -> {
                Progress.handedBack(job);
                job.enqueue();
            }
            case RETRY -> job.scheduleAt(Instant.ofEpochMilli(Progress.due(job)),
                "bgtasks: attempt " + (Progress.failures(job) + 1) + " of step " + Progress.step(job));
            case DEAD, DONE -> { }
        }
    }

    /**
     * A failure without the handler's verdict: the job could not be run, the worker stopped, or it died. Counts the
     * attempt where it counts, as the handler would have.
     */
    private Verdict decide(Job job, FailedState failed) {
        String type = failed.getExceptionType();
        String what = failed.getMessage() + " (" + type + ": " + failed.getExceptionMessage() + ")";
        if (failed.mustNotRetry() || (type != null && UNRUNNABLE.contains(type))) {
            LOG.error("batch {} can never run and is dead-lettered: {}", job.getId(), what);
            Progress.attemptFailed(job, "poison: " + what, 0);
            return Verdict.DEAD;
        }
        String cause = failed.getExceptionCauseType();
        if ((type != null && STOPPED.contains(type)) || (cause != null && STOPPED.contains(cause))) {
            return Verdict.HAND_BACK;
        }
        RetryPolicy policy;
        try {
            List<BatchCodec.Step> steps = codec.decode(BatchJob.of(job)
                .orElseThrow(() -> new PoisonTaskException("JobRunr cannot read the batch back", null)).payload());
            int step = Math.min(Progress.step(job), steps.size() - 1);
            policy = policies.of(steps.get(step));
        } catch (PoisonTaskException e) {
            Progress.attemptFailed(job, "poison: " + e.getMessage(), 0);
            return Verdict.DEAD;
        }
        // a lost worker counts as an attempt, so a task that kills its worker every time ends in the dead letters
        int attempt = Progress.failures(job) + 1;
        if (attempt < policy.maxAttempts()) {
            long delay = policy.delayAfter(attempt).toMillis();
            LOG.warn("batch {}: attempt {}/{} was lost: {}; retrying in {} ms", job.getId(), attempt, policy.maxAttempts(), what, delay);
            Progress.attemptFailed(job, what, System.currentTimeMillis() + delay);
            return Verdict.RETRY;
        }
        LOG.error("batch {}: attempt {}/{} was lost ({}); no attempts left, dead-lettered", job.getId(), attempt, policy.maxAttempts(), what);
        Progress.attemptFailed(job, "gave up: " + what, 0);
        return Verdict.DEAD;
    }
}
