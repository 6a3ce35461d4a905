package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;

import java.time.Instant;

/**
 * A delayed batch's start time, read from JobRunr's own record: {@link JobRunrTaskSink} creates a delayed batch's
 * job in the SCHEDULED state, so its first state holds the start time. JobRunr never trims a job's history, so the
 * time stays known after the job moved on; every other bgtasks job starts ENQUEUED. Retries are SCHEDULED states
 * too, but never the first one.
 */
final class Delay {
    private Delay() {
    }

    /** @return when the batch of this job may start, or null when it was not delayed */
    static Instant startAt(Job job) {
        return job.getJobState(0) instanceof ScheduledState scheduled ? scheduled.getScheduledAt() : null;
    }

    /**
     * @param job a bgtasks job
     * @param now the current time
     * @return the start time of a delayed batch that has not started yet (no attempt made, nothing done), else null.
     *         A job JobRunr took up to a poll early, which waits out its start time in the worker, has not started.
     */
    static Instant pending(Job job, Instant now) {
        Instant start = startAt(job);
        boolean waiting = switch (job.getState()) {
            case SCHEDULED, ENQUEUED, PROCESSING -> true;
            default -> false;
        };
        if (start == null || !waiting || Progress.step(job) > 0 || Progress.failures(job) > 0) {
            return null;
        }
        boolean taken = job.getLastJobStateOfType(ProcessingState.class).isPresent();
        return !taken || now.isBefore(start) ? start : null;
    }
}
