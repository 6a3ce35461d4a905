package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.TestTasks;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-memory backend with the two savings for applications that read neither the header nor statuses
 * ({@code bgtasks.task-ids-header=false}, {@code bgtasks.inmemory.keep-statuses=false}): tasks still run after the
 * response, in order; the header and unkeyed statuses are gone; an idempotency key still works.
 */
@MicronautTest
@Property(name = "bgtasks.task-ids-header", value = "false")
@Property(name = "bgtasks.inmemory.keep-statuses", value = "false")
class LeanInMemoryTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    @Inject
    TaskSubmitter submitter;
    @Inject
    TaskStatusQuery statuses;

    @Test
    void tasksRunInOrderWithoutHeaderOrStatus() throws Exception {
        Http http = new Http(server.getURI());
        String key = UUID.randomUUID().toString();
        Http.Timed r = http.post("/t/shared", "key", key);
        assertEquals(200, r.status());
        assertTrue(r.response().headers().firstValue("X-Task-Ids").isEmpty(), "no X-Task-Ids header");
        recorder.await(key, 2, WAIT);
        assertEquals(List.of("dependency", "handler"), recorder.labels(key), "a request-scoped bean still shares the batch");
        assertTrue(work.awaitIdle(WAIT));
        String batch = r.response().body().replaceAll(".*\"handlerBatch\":\"([^\"]+)\".*", "$1");
        assertTrue(statuses.find(batch + ".1").isEmpty(), "no status kept for a batch without a key");
        assertEquals(404, http.get("/tasks/" + batch + ".1").status());
    }

    @Test
    void aKeyedBatchKeepsItsStatusAndRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        List<TaskHandle> first = submitter.submit(key, t -> t.addTask(TestTasks::record, key, "once"));
        recorder.await(key, 1, WAIT);
        assertTrue(work.awaitIdle(WAIT));
        List<TaskHandle> again = submitter.submit(key, t -> t.addTask(TestTasks::record, key, "once"));
        assertEquals(first.get(0).id(), again.get(0).id());
        assertTrue(work.awaitIdle(WAIT));
        assertEquals(List.of("once"), recorder.labels(key), "the repeated key did not run again");
        TaskStatus status = statuses.find(first.get(0).id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, status.state());
    }
}
