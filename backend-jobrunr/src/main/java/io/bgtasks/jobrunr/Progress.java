package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;

/**
 * A batch's progress, kept in its JobRunr job's metadata (strings only, so that any JSON mapper reads them back
 * unchanged): the checkpoint, the failed attempts of the step at the checkpoint, the attempts and times of the
 * steps that succeeded, the last error and the due time of a waiting retry.
 */
final class Progress {
    /** Index of the first step that has not succeeded yet. */
    static final String STEP = "bgtasks.step";
    /** Failed attempts of the step at the checkpoint (a lost worker counts). */
    static final String FAILURES = "bgtasks.failures";
    /** {@code attempts:startMs:endMs;} per succeeded step. */
    static final String HISTORY = "bgtasks.history";
    /** The last failure, {@code Type: message}. */
    static final String ERROR = "bgtasks.error";
    /** When a waiting retry is due (ms). */
    static final String DUE = "bgtasks.due";
    /** Set while a job interrupted by a shutdown waits in the queue (it keeps its attempts). */
    static final String HANDED_BACK = "bgtasks.handed-back";

    private Progress() {
    }

    static int step(Job job) {
        return (int) number(job, STEP);
    }

    static int failures(Job job) {
        return (int) number(job, FAILURES);
    }

    static long due(Job job) {
        return number(job, DUE);
    }

    static String error(Job job) {
        Object e = job.getMetadata().get(ERROR);
        return e == null ? null : e.toString();
    }

    /** @return the finished steps' records, {@code [attempts, startMs, endMs]} each */
    static String[][] history(Job job) {
        Object h = job.getMetadata().get(HISTORY);
        if (h == null || h.toString().isEmpty()) {
            return new String[0][];
        }
        String[] steps = h.toString().split(";");
        String[][] records = new String[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            records[i] = steps[i].split(":");
        }
        return records;
    }

    /** A step succeeded: record it and move the checkpoint past it, with fresh attempts for the next step. */
    static void stepSucceeded(Job job, int index, int attempts, long startMs, long endMs) {
        Object h = job.getMetadata().get(HISTORY);
        job.getMetadata().put(HISTORY, (h == null ? "" : h.toString()) + attempts + ":" + startMs + ":" + endMs + ";");
        job.getMetadata().put(STEP, Integer.toString(index + 1));
        job.getMetadata().put(FAILURES, "0");
        job.getMetadata().remove(ERROR);
        job.getMetadata().remove(DUE);
    }

    /** An attempt failed (or its worker was lost): count it and remember why. */
    static void attemptFailed(Job job, String error, long dueMs) {
        job.getMetadata().put(FAILURES, Integer.toString(failures(job) + 1));
        job.getMetadata().put(ERROR, error);
        if (dueMs > 0) {
            job.getMetadata().put(DUE, Long.toString(dueMs));
        } else {
            job.getMetadata().remove(DUE);
        }
    }

    /** A dead batch goes back to the queue: the failed step gets a fresh count of attempts. */
    static void freshAttempts(Job job) {
        job.getMetadata().put(FAILURES, "0");
        job.getMetadata().remove(DUE);
    }

    /** The job goes back to the queue without a verdict on the attempt: it keeps its count. */
    static void handedBack(Job job) {
        job.getMetadata().put(HANDED_BACK, "true");
    }

    /**
     * Called when a run starts. A job that went straight from FAILED to the queue was requeued (by
     * {@link JobRunrDeadLetters} or from JobRunr's dashboard, which runs no filter): its failed step gets fresh
     * attempts. A job handed back by a shutdown took the same path but keeps its count.
     */
    static void starting(Job job) {
        Verdict.clear(job);
        boolean handedBack = job.getMetadata().remove(HANDED_BACK) != null;
        if (!handedBack && job.getJobState(-3) instanceof FailedState) {
            freshAttempts(job);
        }
    }

    /**
     * @return the progress of a completed batch as one string ({@code step/history}), to put back with
     * {@link #restoreCompleted} after JobRunr cleared the metadata on success
     */
    static String completedRecord(Job job) {
        Object h = job.getMetadata().get(HISTORY);
        return step(job) + "/" + (h == null ? "" : h);
    }

    /** Puts back the progress of a completed batch ({@link #completedRecord}): its steps' attempts and times. */
    static void restoreCompleted(Job job, String record) {
        int slash = record.indexOf('/');
        if (slash < 0) {
            return;
        }
        job.getMetadata().put(STEP, record.substring(0, slash));
        job.getMetadata().put(FAILURES, "0");
        job.getMetadata().put(HISTORY, record.substring(slash + 1));
    }

    private static long number(Job job, String key) {
        Object value = job.getMetadata().get(key);
        if (value == null) {
            return 0;
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }
}
