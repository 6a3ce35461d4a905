package io.bgtasks.app.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable retries follow the task's policy (count and spacing), a non-retryable error goes straight to the
 * dead letters, and dead letters can be listed, requeued (resuming at the failed step) and deleted over HTTP.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRetryAndDeadLetterTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    Http http;
    String key;

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
            "bgtasks.backend", "redis",
            "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix(),
            // the global default policy keeps its 5 attempts, with short delays to keep the test quick
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

    private String batchOf(String taskId) {
        return taskId.substring(0, taskId.lastIndexOf('.'));
    }

    @Test
    void retriesFollowThePolicyInCountAndSpacing() throws Exception {
        String id = http.post("/t/flaky", "key", key, "failures", "2").taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        List<Recorder.Event> events = recorder.events(key);
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), events.stream().map(Recorder.Event::label).toList());
        long gap1 = (events.get(1).nanos() - events.get(0).nanos()) / 1_000_000;
        long gap2 = (events.get(2).nanos() - events.get(1).nanos()) / 1_000_000;
        System.out.printf("redis retry spacing: %d ms then %d ms (policy: 100 ms, x2, no jitter)%n", gap1, gap2);
        assertTrue(gap1 >= 95 && gap2 >= 190, gap1 + " / " + gap2);
        assertTrue(gap2 > gap1 * 1.3, "the delay grows: " + gap1 + " then " + gap2);
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":3"), status);
    }

    @Test
    void aNonRetryableErrorGoesStraightToTheDeadLetters() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
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
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), recorder.labels(key));
        String letters = body("/dead-letters?limit=1000");
        assertTrue(letters.contains(batchOf(id)) && letters.contains("flaky failure 3"), letters);
        assertTrue(body("/tasks/" + id).contains("\"state\":\"FAILED\""));

        assertEquals(202, http.post("/dead-letters/" + batchOf(id) + "/requeue").status());
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3", "attempt-4"), recorder.labels(key));
        String status = body("/tasks/" + id);
        assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":1"), status);
        assertTrue(!body("/dead-letters?limit=1000").contains(batchOf(id)), "no longer a dead letter");
        assertEquals(404, http.post("/dead-letters/" + batchOf(id) + "/requeue").status(), "requeue is for dead letters only");
    }

    @Test
    void aRequeuedBatchResumesAtTheFailedStep() throws Exception {
        // first succeeds, second fails (no retry policy of its own: the global default is 5 attempts), third skipped
        Http.Timed r = http.post("/t/three", "key", key, "failSecond", "true");
        List<String> ids = r.taskIds();
        assertTrue(work.awaitIdle(Duration.ofSeconds(60)));
        long failures = recorder.labels(key).stream().filter("second:failing"::equals).count();
        assertEquals(5, failures, "default policy: 5 attempts");
        assertEquals(1, recorder.labels(key).stream().filter("first"::equals).count(), "the first step ran once: checkpointed");
        assertTrue(body("/tasks/" + ids.get(2)).contains("\"state\":\"SKIPPED\""));

        assertEquals(202, http.post("/dead-letters/" + batchOf(ids.get(0)) + "/requeue").status());
        assertTrue(work.awaitIdle(Duration.ofSeconds(60)));
        assertEquals(1, recorder.labels(key).stream().filter("first"::equals).count(), "resumed at the failed step");
        assertEquals(10, recorder.labels(key).stream().filter("second:failing"::equals).count());
    }

    @Test
    void deadLettersCanBeDeleted() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        assertTrue(body("/dead-letters?limit=1000").contains(batchOf(id)));
        assertEquals(204, http.delete("/dead-letters/" + batchOf(id)).status());
        assertTrue(!body("/dead-letters?limit=1000").contains(batchOf(id)));
        assertEquals(404, http.get("/tasks/" + id).status(), "its status is gone with it");
        assertEquals(404, http.delete("/dead-letters/" + batchOf(id)).status());
    }
}
