package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In memory, a task retries only when it asks for it, following its policy. */
@MicronautTest
class RetryInMemoryTest {
    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    Http http;
    String key;

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
        key = UUID.randomUUID().toString();
    }

    private String status(String id) throws Exception {
        return http.get("/tasks/" + id).response().body();
    }

    @Test
    void aFlakyTaskSucceedsOnItsThirdAttemptWithExponentialSpacing() throws Exception {
        String id = http.post("/t/flaky", "key", key, "failures", "2").taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(20)));
        List<Recorder.Event> events = recorder.events(key);
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), events.stream().map(Recorder.Event::label).toList());
        long gap1 = (events.get(1).nanos() - events.get(0).nanos()) / 1_000_000;
        long gap2 = (events.get(2).nanos() - events.get(1).nanos()) / 1_000_000;
        // @TaskRetry(delay = 100ms, multiplier = 2, jitter = 0): about 100 ms, then about 200 ms
        assertTrue(gap1 >= 95, "first retry after " + gap1 + " ms");
        assertTrue(gap2 >= 190, "second retry after " + gap2 + " ms");
        assertTrue(gap2 > gap1 * 1.4, "the delay grows: " + gap1 + " then " + gap2 + " ms");
        String body = status(id);
        assertTrue(body.contains("\"state\":\"SUCCEEDED\"") && body.contains("\"attempts\":3"), body);
        assertTrue(body.contains("flaky failure 2"), "the last error is kept: " + body);
    }

    @Test
    void attemptsAreBoundedByThePolicy() throws Exception {
        String id = http.post("/t/flaky", "key", key, "failures", "10").taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), recorder.labels(key));
        String body = status(id);
        assertTrue(body.contains("\"state\":\"FAILED\"") && body.contains("\"attempts\":3"), body);
        assertTrue(body.contains("flaky failure 3"), body);
    }

    @Test
    void anIgnoredExceptionIsNotRetried() throws Exception {
        String id = http.post("/t/rejects", "key", key).taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(20)));
        assertEquals(List.of("rejected"), recorder.labels(key));
        String body = status(id);
        assertTrue(body.contains("\"state\":\"FAILED\"") && body.contains("\"attempts\":1"), body);
    }

    @Test
    void withoutAPolicyThereIsNoRetryAndAPerCallPolicyWins() throws Exception {
        String plain = http.post("/t/three", "key", key, "failSecond", "true").taskIds().get(1);
        String perCall = http.post("/t/per-call-retry", "key", key + "-per-call").taskIds().get(0);
        assertTrue(work.awaitIdle(Duration.ofSeconds(20)));
        assertTrue(status(plain).contains("\"attempts\":1"), status(plain));
        assertEquals(List.of("per-call:failing", "per-call:failing"), recorder.labels(key + "-per-call"));
        assertTrue(status(perCall).contains("\"attempts\":2"), status(perCall));
    }
}
