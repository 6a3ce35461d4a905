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
 * The dead-letter endpoints on a durable backend: {@code GET /dead-letters} lists a dead batch with its error,
 * {@code POST .../requeue} answers 202 and the batch runs again, {@code DELETE} answers 204 and takes the task's status
 * with it, and both answer 404 for a batch that is not a dead letter. How Redis retries, dead-letters, requeues and
 * deletes is tested in backend-redis ({@code io.bgtasks.redis.RedisRetryAndDeadLetterTest}).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDeadLetterEndpointsTest implements TestPropertyProvider {
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
        // the tasks bring their own policies: TestTasks#flaky 3 attempts 100 and 200 ms apart, TestTasks#rejects none
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix());
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
    void deadLettersCanBeDeleted() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        String letters = body("/dead-letters?limit=1000");
        assertTrue(letters.contains(batchOf(id)), letters);
        assertTrue(letters.contains("java.lang.IllegalArgumentException: not retryable"), letters);
        assertEquals(204, http.delete("/dead-letters/" + batchOf(id)).status());
        assertTrue(!body("/dead-letters?limit=1000").contains(batchOf(id)));
        assertEquals(404, http.get("/tasks/" + id).status(), "its status is gone with it");
        assertEquals(404, http.delete("/dead-letters/" + batchOf(id)).status());
    }

    @Test
    void deadLettersArePagedByCursorAndABadCursorIsA400() throws Exception {
        // the second fails after the first is dead: letters are ordered by when they died, and two that die in the
        // same millisecond (both in one fetch) have no order of their own
        String first = batchOf(http.post("/t/rejects", "key", key).taskIds().get(0));
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        Thread.sleep(5);
        String second = batchOf(http.post("/t/rejects", "key", key + "-2").taskIds().get(0));
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        // other tests of this class may add theirs: walk every page, one letter each, and find both once
        List<String> pages = new java.util.ArrayList<>();
        String after = null;
        for (int i = 0; i < 20; i++) {
            String page = body("/dead-letters?limit=1" + (after == null ? "" : "&after=" + after));
            pages.add(page);
            java.util.regex.Matcher next = java.util.regex.Pattern.compile("\"next\":\"([^\"]+)\"").matcher(page);
            after = next.find() ? next.group(1) : null;
            if (after == null) {
                break;
            }
        }
        assertEquals(1, pages.stream().filter(p -> p.contains(first)).count(), pages.toString());
        assertEquals(1, pages.stream().filter(p -> p.contains(second)).count(), pages.toString());
        assertTrue(pages.indexOf(pages.stream().filter(p -> p.contains(second)).findFirst().orElseThrow())
            < pages.indexOf(pages.stream().filter(p -> p.contains(first)).findFirst().orElseThrow()), "newest first");

        Http.Timed bad = http.get("/dead-letters?after=not-a-cursor");
        assertEquals(400, bad.status(), bad.response().body());
        assertTrue(bad.response().body().contains("the 'after' cursor is not one this listing gave out"), bad.response().body());
    }
}
