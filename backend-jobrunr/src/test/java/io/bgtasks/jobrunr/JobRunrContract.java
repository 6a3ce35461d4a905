package io.bgtasks.jobrunr;

import java.time.Duration;

/** What the JobRunr contract tests share: JobRunr's shortest poll, and how late a due job may therefore start. */
final class JobRunrContract {
    /** JobRunr's minimum poll interval: every queued or due job waits for a poll. */
    static final String POLL = "5s";
    /**
     * A due retry goes back to the queue at one poll and may start only at the next: up to two intervals (8.9 s were
     * seen with the contract's tests running side by side).
     */
    static final Duration PICK_UP = Duration.ofSeconds(10);

    private JobRunrContract() {
    }
}
