package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client never waits for background tasks: not its own, not other requests'. */
@MicronautTest
class ResponseTimingTest {
    static final long TASK_MILLIS = 1000;

    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;

    @Test
    void theResponseArrivesWhileTheTaskIsStillSleeping() throws Exception {
        Http http = new Http(server.getURI());
        http.post("/t/record", "key", "warm-up", "label", "x"); // JIT and connection warm-up, not measured
        String key = UUID.randomUUID().toString();

        Http.Timed r = http.post("/t/sleep", "key", key, "millis", String.valueOf(TASK_MILLIS));
        assertEquals(200, r.status());
        // the keep-alive connection's next request does not wait for the previous request's task either
        Http.Timed next = http.post("/t/record", "key", key + "-next", "label", "next");
        assertEquals(200, next.status());

        List<Recorder.Event> events = recorder.await(key, 2, Duration.ofSeconds(10));
        assertEquals(List.of("slept:start", "slept"), events.stream().map(Recorder.Event::label).toList());
        long taskEnd = events.get(1).nanos();
        long marginMillis = (taskEnd - r.receivedNanos()) / 1_000_000;
        assertTrue(marginMillis > TASK_MILLIS / 2,
            "the response must arrive well before the 1 s task ends; it came " + marginMillis + " ms before");
        assertTrue(next.receivedNanos() < taskEnd, "the next request on the connection was answered while the task slept");
        assertTrue(r.millis() < TASK_MILLIS / 2, "response took " + r.millis() + " ms");
    }

    @Test
    void fiftyConcurrentRequestsAreNotDelayedByEachOthersTasks() throws Exception {
        int requests = 50;
        long taskMillis = 2 * TASK_MILLIS; // long enough that a response waiting for one would stand out on a busy box
        String key = UUID.randomUUID().toString();
        Http shared = new Http(server.getURI()); // one client, up to 50 connections
        shared.post("/t/record", "key", "warm-up", "label", "x");
        List<Http.Timed> responses = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Http.Timed>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String k = key + "-" + i;
                futures.add(clients.submit(() -> shared.post("/t/sleep", "key", k, "millis", String.valueOf(taskMillis))));
            }
            for (Future<Http.Timed> f : futures) {
                responses.add(f.get());
            }
        }
        assertTrue(work.awaitIdle(Duration.ofSeconds(60)));
        long allDoneMillis = (System.nanoTime() - start) / 1_000_000;

        long slowest = responses.stream().mapToLong(Http.Timed::millis).max().orElseThrow();
        responses.forEach(r -> assertEquals(200, r.status()));
        for (int i = 0; i < requests; i++) {
            assertEquals(List.of("slept:start", "slept"), recorder.labels(key + "-" + i));
        }
        System.out.printf("50 concurrent requests with a %d ms task each: slowest response %d ms, all tasks done after %d ms%n",
            taskMillis, slowest, allDoneMillis);
        // a response that waited for a task would take at least the task's 2 s; one after another the tasks take 100 s
        assertTrue(slowest < taskMillis / 2, "slowest response " + slowest + " ms: responses waited for tasks");
        assertTrue(allDoneMillis < requests * taskMillis / 5,
            "50 tasks of 2 s took " + allDoneMillis + " ms in all: batches of different requests must run concurrently");
    }
}
