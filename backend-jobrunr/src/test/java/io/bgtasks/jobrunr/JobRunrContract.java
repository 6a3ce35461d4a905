package io.bgtasks.jobrunr;

import java.time.Duration;

/** What the JobRunr contract tests share: JobRunr's shortest poll, and how late a due job may therefore start. */
final class JobRunrContract {
    /** JobRunr's minimum poll interval: every queued or due job waits for a poll. */
    static final String POLL = "5s";
    /** A due job starts at a poll, which may come a whole interval later; the rest is slack for a busy machine. */
    static final Duration PICK_UP = Duration.ofSeconds(8);

    private JobRunrContract() {
    }
}
