package io.bgtasks.jobrunr;

import java.time.Duration;

/** What the JobRunr contract tests share: JobRunr's shortest poll, and how late a due job may therefore start. */
final class JobRunrContract {
    /** JobRunr's minimum poll interval: every queued or due job waits for a poll. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** {@link #POLL_INTERVAL} as a property value. */
    static final String POLL = POLL_INTERVAL.toSeconds() + "s";
    /**
     * Two poll intervals. A due retry goes back to the queue at one poll and may start only at the next (8.9 s were
     * seen with the contract's tests running side by side). A delayed batch is moved to the queue up to one poll
     * early and a worker takes it at its next poll, so it starts up to about one interval after its start time
     * (at most 4.0 s in {@link JobRunrDelayedStartTest}); the second interval is slack for a busy machine.
     */
    static final Duration PICK_UP = POLL_INTERVAL.multipliedBy(2);

    private JobRunrContract() {
    }
}
