package io.bgtasks.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.LogCapture;
import io.bgtasks.app.support.Recorder;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starlette's and FastAPI's background-task cases as Java twins, over real HTTP. Each backend's test
 * class extends this with its configuration, so the semantics are checked on every backend.
 */
public abstract class BackgroundTasksSemantics {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected Recorder recorder;
    @Inject
    protected BackgroundWork work;

    protected Http http;
    protected String key;

    /** @return the logger a backend reports task failures on */
    protected abstract String failureLogger();

    @BeforeEach
    void setUp() {
        http = new Http(server.getURI());
        key = UUID.randomUUID().toString();
    }

    @Test
    protected void threeTasksRunInOrder() throws Exception {
        Http.Timed r = http.post("/t/three", "key", key, "failSecond", "false");
        assertEquals(200, r.status());
        assertEquals(3, r.taskIds().size(), "the response lists the queued task ids");
        recorder.await(key, 3, WAIT);
        assertEquals(List.of("first", "second", "third"), recorder.labels(key));
    }

    @Test
    protected void aFailureSkipsTheRestAndIsLogged() throws Exception {
        try (LogCapture log = new LogCapture(failureLogger())) {
            Http.Timed r = http.post("/t/three", "key", key, "failSecond", "true");
            assertEquals(200, r.status(), "the client still gets its 2xx");
            assertTrue(work.awaitIdle(WAIT));
            assertEquals(List.of("first", "second:failing"), recorder.labels(key), "the third task must be skipped");

            String failedId = r.taskIds().get(1);
            ILoggingEvent error = log.events().stream()
                .filter(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains(failedId))
                .findFirst().orElse(null);
            assertNotNull(error, "the failure is logged with the task id; got " + log.events());
            assertTrue(error.getFormattedMessage().contains("TestTasks#fail"), error.getFormattedMessage());
            assertNotNull(error.getThrowableProxy(), "the stack is logged");
            assertEquals("task second failed on purpose", error.getThrowableProxy().getMessage());

            assertState(r.taskIds().get(0), "SUCCEEDED");
            assertState(r.taskIds().get(1), "FAILED");
            assertState(r.taskIds().get(2), "SKIPPED");
        }
    }

    @Test
    protected void handlerAndRequestScopedDependencyShareTheTasks() throws Exception {
        Http.Timed r = http.post("/t/shared", "key", key);
        assertEquals(200, r.status());
        String body = r.response().body();
        String handlerBatch = body.replaceAll(".*\"handlerBatch\":\"([^\"]+)\".*", "$1");
        String dependencyBatch = body.replaceAll(".*\"dependencyBatch\":\"([^\"]+)\".*", "$1");
        assertEquals(handlerBatch, dependencyBatch, "one BackgroundTasks per request: " + body);
        assertEquals(2, r.taskIds().size());
        recorder.await(key, 2, WAIT);
        assertEquals(List.of("dependency", "handler"), recorder.labels(key));
    }

    @Test
    protected void syncAndAsyncTasksRunInOrderAndAsyncOnesAreAwaited() throws Exception {
        assertEquals(200, http.post("/t/mixed", "key", key).status());
        recorder.await(key, 5, WAIT);
        // the async tasks complete 300 ms later on other threads: they must still finish before the next starts
        assertEquals(List.of("sync-1", "completion-stage", "publisher", "static", "thread"), recorder.labels(key));
    }

    @Test
    protected void aFailingHandlerRunsNoTask() throws Exception {
        assertEquals(500, http.post("/t/handler-fails", "key", key).status());
        assertEquals(400, http.post("/t/bad-request", "key", key).status());
        // a later request on the same key: once its task ran, the failed ones would have run too
        assertEquals(200, http.post("/t/record", "key", key, "label", "after").status());
        assertTrue(work.awaitIdle(WAIT));
        recorder.await(key, 1, WAIT);
        assertEquals(List.of("after"), recorder.labels(key));
    }

    @Test
    protected void statusEndpointReportsTasksAnd404ForUnknownIds() throws Exception {
        Http.Timed r = http.post("/t/record", "key", key, "label", "status");
        assertTrue(work.awaitIdle(WAIT));
        Http.Timed status = http.get("/tasks/" + r.taskIds().get(0));
        assertEquals(200, status.status());
        String body = status.response().body();
        assertTrue(body.contains("\"state\":\"SUCCEEDED\""), body);
        assertTrue(body.contains("\"attempts\":1"), body);
        assertTrue(body.contains("\"name\":\"io.bgtasks.app.support.TestTasks#record\""), body);
        assertTrue(body.contains("\"finishedAt\""), body);
        assertEquals(404, http.get("/tasks/" + UUID.randomUUID()).status());
    }

    @Test
    protected void aLambdaIsRefusedAtAddTask() throws Exception {
        Http.Timed r = http.post("/t/lambda", "key", key);
        assertEquals(500, r.status(), "addTask throws in the handler");
        assertFalse(r.taskIds().iterator().hasNext());
    }

    protected void assertState(String taskId, String state) throws Exception {
        String body = http.get("/tasks/" + taskId).response().body();
        assertTrue(body.contains("\"state\":\"" + state + "\""), "task " + taskId + " should be " + state + ": " + body);
    }
}
