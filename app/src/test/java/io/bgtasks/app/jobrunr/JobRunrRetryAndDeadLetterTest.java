package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.jobrunr.JobRunrStorage;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On JobRunr, retries follow the task's policy (count and spacing, not JobRunr's ten retries 3^n s apart), a
 * non-retryable error goes straight to the dead letters, and dead letters can be listed, requeued (resuming at the
 * failed step, with fresh attempts) and deleted over HTTP. Every retry waits for JobRunr's poll (5 s), hence the
 * small policies and generous timeouts.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunrRetryAndDeadLetterTest implements TestPropertyProvider {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    @Inject
    JobRunrStorage storage;
    Http http;
    String key;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path(),
            // tasks without a policy of their own: 2 attempts, short delays
            "bgtasks.retry.max-attempts", "2",
            "bgtasks.retry.initial-delay", "50ms",
            "bgtasks.retry.max-delay", "400ms");
    }

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
        key = UUID.randomUUID().toString();
    }

    private String body(String path) throws Exception {
        return http.get(path).response().body();
    }

    private static String batchOf(String taskId) {
        return taskId.substring(0, taskId.lastIndexOf('.'));
    }

    @Test
    void retriesFollowThePolicyInCountAndSpacing() throws Exception {
        // TestTasks#flaky: @TaskRetry(attempts = 3, delay = "100ms", multiplier = 2.0, jitter = 0.0)
        String id = http.post("/t/flaky", "key", key, "failures", "2").taskIds().get(0);
        assertTrue(work.awaitIdle(WAIT));
        List<Recorder.Event> events = recorder.events(key);
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), events.stream().map(Recorder.Event::label).toList());
        long gap1 = (events.get(1).nanos() - events.get(0).nanos()) / 1_000_000;
        long gap2 = (events.get(2).nanos() - events.get(1).nanos()) / 1_000_000;
        assertTrue(gap1 >= 95 && gap2 >= 190, "never before the policy's delay: " + gap1 + " / " + gap2);

        // the schedule JobRunr stored is the policy's (100 ms, then 200 ms), not JobRunr's 3 s, 9 s
        List<Long> delays = scheduledDelays(storage.provider().getJobById(UUID.fromString(batchOf(id))));
        System.out.printf("jobrunr retry: scheduled %s ms after each failure (policy: 100 ms, x2, no jitter); "
            + "observed gaps %d ms then %d ms (each retry waits for a poll)%n", delays, gap1, gap2);
        assertEquals(2, delays.size(), delays.toString());
        assertTrue(Math.abs(delays.get(0) - 100) < 50 && Math.abs(delays.get(1) - 200) < 50, delays.toString());
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":3"), status);
    }

    /** Milliseconds between each failure and the retry it scheduled, from the job's state history. */
    private static List<Long> scheduledDelays(Job job) {
        List<Long> delays = new ArrayList<>();
        List<JobState> states = job.getJobStates();
        for (int i = 1; i < states.size(); i++) {
            if (states.get(i) instanceof ScheduledState scheduled && states.get(i - 1) instanceof FailedState failed) {
                delays.add(Duration.between(failed.getCreatedAt(), scheduled.getScheduledAt()).toMillis());
            }
        }
        return delays;
    }

    @Test
    void aPerCallPolicyWinsOverTheDefault() throws Exception {
        // two attempts, 50 ms apart, chosen at addTask
        String id = http.post("/t/per-call-retry", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("per-call:failing", "per-call:failing"), recorder.labels(key));
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"FAILED\"") && status.contains("\"attempts\":2"), status);
    }

    @Test
    void aNonRetryableErrorGoesStraightToTheDeadLetters() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("rejected"), recorder.labels(key), "ignored exception type: one attempt only");
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"FAILED\"") && status.contains("\"attempts\":1"), status);
        String letters = body("/dead-letters?limit=1000");
        assertTrue(letters.contains(batchOf(id)), letters);
        assertTrue(letters.contains("java.lang.IllegalArgumentException: not retryable"), letters);
    }

    @Test
    void exhaustedTasksAreDeadLetteredAndCanBeRequeuedThenSucceed() throws Exception {
        // fails its first 3 calls; the policy allows 3 attempts: dead after the third
        String id = http.post("/t/flaky", "key", key, "failures", "3").taskIds().get(0);
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), recorder.labels(key));
        String letters = body("/dead-letters?limit=1000");
        assertTrue(letters.contains(batchOf(id)) && letters.contains("flaky failure 3"), letters);
        assertTrue(body("/tasks/" + id).contains("\"state\":\"FAILED\""));

        assertEquals(202, http.post("/dead-letters/" + batchOf(id) + "/requeue").status());
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3", "attempt-4"), recorder.labels(key));
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":1"), status);
        assertFalse(body("/dead-letters?limit=1000").contains(batchOf(id)), "no longer a dead letter");
        assertEquals(404, http.post("/dead-letters/" + batchOf(id) + "/requeue").status(), "requeue is for dead letters only");
    }

    @Test
    void aRequeuedBatchResumesAtTheFailedStep() throws Exception {
        // first succeeds, second fails (no policy of its own: the default, 2 attempts here), third skipped
        List<String> ids = http.post("/t/three", "key", key, "failSecond", "true").taskIds();
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("first", "second:failing", "second:failing"), recorder.labels(key), "checkpointed after the first");
        assertTrue(body("/tasks/" + ids.get(0)).contains("\"state\":\"SUCCEEDED\""));
        assertTrue(body("/tasks/" + ids.get(1)).contains("\"attempts\":2"));
        assertTrue(body("/tasks/" + ids.get(2)).contains("\"state\":\"SKIPPED\""));

        assertEquals(202, http.post("/dead-letters/" + batchOf(ids.get(0)) + "/requeue").status());
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(1, recorder.labels(key).stream().filter("first"::equals).count(), "resumed at the failed step");
        assertEquals(4, recorder.labels(key).stream().filter("second:failing"::equals).count(), "with fresh attempts");

        // requeued the way JobRunr's dashboard does it (no filter runs): fresh attempts too
        Job job = storage.provider().getJobById(UUID.fromString(batchOf(ids.get(0))));
        job.enqueue();
        storage.provider().save(job);
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(6, recorder.labels(key).stream().filter("second:failing"::equals).count(), "fresh attempts from the dashboard");
        assertEquals(1, recorder.labels(key).stream().filter("first"::equals).count());
    }

    @Test
    void deadLettersCanBeDeleted() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(WAIT));
        assertTrue(body("/dead-letters?limit=1000").contains(batchOf(id)));
        assertEquals(204, http.delete("/dead-letters/" + batchOf(id)).status());
        assertFalse(body("/dead-letters?limit=1000").contains(batchOf(id)));
        assertEquals(404, http.get("/tasks/" + id).status(), "its status is gone with it");
        assertEquals(404, http.delete("/dead-letters/" + batchOf(id)).status());
    }
}
