package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.TestTasks;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Submitting outside a request, awaiting background work in a test, and querying status from code. */
@MicronautTest
class TestSupportTest {
    @Inject
    TaskSubmitter submitter;
    @Inject
    BackgroundWork work;
    @Inject
    Recorder recorder;
    @Inject
    TaskStatusQuery statuses;

    @Test
    void tasksSubmittedOutsideARequestRunInOrderAndCanBeAwaited() throws Exception {
        String key = UUID.randomUUID().toString();
        // tag::submitter[]
        List<TaskHandle> handles = submitter.submit(t -> {
            t.addTask(TestTasks::sleepThenRecord, key, "a", 200L);
            t.addTask(TestTasks::record, key, "b");
        });
        // end::submitter[]
        assertEquals(2, handles.size());
        // tag::await-idle[]
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)), "awaitIdle returns once the batch is done");
        // end::await-idle[]
        assertEquals(List.of("a:start", "a", "b"), recorder.labels(key));
        for (TaskHandle h : handles) {
            assertEquals(TaskState.SUCCEEDED, statuses.find(h.id()).orElseThrow().state());
        }
    }

    @Test
    void theSameIdempotencyKeyRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        // tag::idempotency[]
        List<TaskHandle> first = submitter.submit("event-" + key, t -> t.addTask(TestTasks::record, key, "once"));
        List<TaskHandle> second = submitter.submit("event-" + key, t -> t.addTask(TestTasks::record, key, "once"));
        // end::idempotency[]
        assertEquals(first.get(0).id(), second.get(0).id(), "ids derive from the key");
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("once"), recorder.labels(key));
    }

    @Test
    void awaitIdleTimesOutWhileWorkIsRunning() throws Exception {
        String key = UUID.randomUUID().toString();
        submitter.submit(t -> t.addTask(TestTasks::sleepThenRecord, key, "long", 1500L));
        assertTrue(!work.awaitIdle(Duration.ofMillis(100)), "a 1.5 s task is still running after 100 ms");
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));
    }
}
