package io.bgtasks.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict lives in the job's own data: it survives the job being written and read back (another thread, or
 * another process after a crash, reads the same data), it is taken once, and a verdict for an earlier run of the job
 * is never applied to a later one. Real JobRunr jobs and JobRunr's JSON mapper, as the worker uses them.
 */
class VerdictTest {
    private static final JobMapper MAPPER = new JobMapper(new Jackson3JsonMapper());
    private static final UUID SERVER = UUID.randomUUID();

    private static Job running(UUID id, Instant runStart, List<JobState> before) {
        List<JobState> history = new ArrayList<>(before);
        history.add(new ProcessingState(SERVER, "test", runStart));
        return new Job(id, 1, new JobDetails(new BatchJob(id.toString(), "[]")), history, new ConcurrentHashMap<>());
    }

    @Test
    void aVerdictIsReadBackFromTheStoredJobAndTakenOnce() {
        UUID id = UUID.randomUUID();
        Job job = running(id, Instant.parse("2026-01-01T00:00:00Z"), List.of(new EnqueuedState()));
        Verdict.RETRY.record(job);

        Job stored = MAPPER.deserializeJob(MAPPER.serializeJob(job));
        assertEquals(Optional.of(Verdict.RETRY), Verdict.take(stored));
        assertEquals(Optional.empty(), Verdict.take(stored), "taken once");
        assertFalse(stored.getMetadata().containsKey(Verdict.KEY));
    }

    @Test
    void aVerdictOfAnEarlierRunIsNotAppliedToALaterOne() {
        UUID id = UUID.randomUUID();
        Job first = running(id, Instant.parse("2026-01-01T00:00:00Z"), List.of(new EnqueuedState()));
        Verdict.DEAD.record(first);
        // the verdict was saved with the job, then the job ran again (a new processing state) and failed without one
        List<JobState> history = new ArrayList<>(first.getJobStates());
        history.add(new FailedState("lost", new IllegalStateException("lost")));
        history.add(new EnqueuedState());
        history.add(new ProcessingState(SERVER, "test", Instant.parse("2026-01-01T00:01:00Z")));
        Job second = new Job(id, 5, first.getJobDetails(), history, new ConcurrentHashMap<>(first.getMetadata()));

        assertEquals(Optional.empty(), Verdict.take(second));
        assertFalse(second.getMetadata().containsKey(Verdict.KEY), "and it is gone");
    }

    @Test
    void verdictsStayWithTheirJobs() {
        Job a = running(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), List.of(new EnqueuedState()));
        Job b = running(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), List.of(new EnqueuedState()));
        Verdict.HAND_BACK.record(a);
        assertEquals(Optional.empty(), Verdict.take(b), "b has none of a's");
        assertEquals(Optional.of(Verdict.HAND_BACK), Verdict.take(a));
    }

    @Test
    void aCompletedBatchKeepsItsProgressThroughJobRunrClearingTheMetadata() {
        UUID id = UUID.randomUUID();
        Job job = running(id, Instant.parse("2026-01-01T00:00:00Z"), List.of(new EnqueuedState()));
        Progress.stepSucceeded(job, 0, 2, 10, 20);
        Progress.stepSucceeded(job, 1, 1, 30, 40);
        BatchJob.of(job).orElseThrow().finished(Progress.completedRecord(job));
        job.succeeded(); // JobRunr clears the metadata here, before any filter runs

        Job stored = MAPPER.deserializeJob(MAPPER.serializeJob(job));
        assertTrue(stored.getMetadata().get(Progress.HISTORY) == null, "cleared by JobRunr");
        Progress.restoreCompleted(stored, BatchJob.of(stored).orElseThrow().takeFinished());
        assertEquals(2, Progress.step(stored));
        assertEquals("2:10:20;1:30:40;", stored.getMetadata().get(Progress.HISTORY));
    }
}
