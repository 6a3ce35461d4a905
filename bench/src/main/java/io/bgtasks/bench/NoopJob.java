package io.bgtasks.bench;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The raw JobRunr peer's job: a {@link JobRequest} carrying the job number, as small as BullMQ's {@code {i}},
 * and its handler, which does nothing but tell {@link Probe} it ran (or, for a latency job, when it started).
 */
public final class NoopJob implements JobRequest {
    private int i;
    private boolean pickup;

    /** For JobRunr's JSON mapper. */
    public NoopJob() {
    }

    NoopJob(int i, boolean pickup) {
        this.i = i;
        this.pickup = pickup;
    }

    @Override
    public Class<Handler> getJobRequestHandler() {
        return Handler.class;
    }

    /** Runs a {@link NoopJob}. */
    public static final class Handler implements JobRequestHandler<NoopJob> {
        @Override
        public void run(NoopJob job) {
            if (job.pickup) {
                Probe.started(job.i);
            } else {
                Probe.done();
            }
        }
    }
}
