package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;

import java.time.Instant;
import java.util.Optional;

/**
 * The handler's verdict on one run of a job, kept in the job's own metadata until {@link RetryPolicyFilter} applies
 * it to the state JobRunr elects after the run. JobRunr gives both the same {@link Job}, so the verdict needs no
 * thread of its own; it names the run it was given for (the run's start), so that a verdict left behind by an
 * earlier run, e.g. saved by JobRunr's heartbeat just before its process died, is never applied to a later one.
 */
enum Verdict {
    /** Every step succeeded. */
    DONE,
    /** A step failed and the policy grants another attempt, due at {@link Progress#due}. */
    RETRY,
    /** A step failed for good, or the batch can never run. */
    DEAD,
    /** The worker is stopping: back to the queue, the attempt does not count. */
    HAND_BACK;

    /** {@code KIND@runStart}. */
    static final String KEY = "bgtasks.verdict";

    /** Records this verdict on the run of {@code job} that is in progress. */
    void record(Job job) {
        job.getMetadata().put(KEY, name() + "@" + run(job));
    }

    /**
     * Removes the verdict from the job and returns it when it was given for the job's latest run.
     *
     * @param job a job whose run just ended
     * @return the verdict of the handler on that run, or empty when it gave none
     */
    static Optional<Verdict> take(Job job) {
        Object stored = job.getMetadata().remove(KEY);
        if (stored == null) {
            return Optional.empty();
        }
        String text = stored.toString();
        int at = text.indexOf('@');
        if (at < 0 || !text.substring(at + 1).equals(run(job))) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.substring(0, at)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Forgets a verdict an earlier run may have left. */
    static void clear(Job job) {
        job.getMetadata().remove(KEY);
    }

    private static String run(Job job) {
        return job.getLastJobStateOfType(ProcessingState.class).map(ProcessingState::getCreatedAt).map(Instant::toString).orElse("-");
    }
}
