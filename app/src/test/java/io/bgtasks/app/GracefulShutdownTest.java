package io.bgtasks.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.LogCapture;
import io.bgtasks.app.support.Recorder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the application drains background work within the timeout and reports, by id, what it drops. */
class GracefulShutdownTest {

    private static EmbeddedServer start(String timeout) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
            "bgtasks.inmemory.shutdown-timeout", timeout,
            "bgtasks.inmemory.max-concurrent-batches", "1"), "test");
    }

    /** Waits until the server has handed the task off (its status exists). */
    private static void awaitHandedOff(Http http, String taskId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (http.get("/tasks/" + taskId).status() == 404) {
            assertTrue(System.nanoTime() < deadline, "task " + taskId + " was never handed off");
            Thread.sleep(10);
        }
    }

    @Test
    void shutdownDrainsRunningAndPendingBatches() throws Exception {
        EmbeddedServer server = start("20s");
        Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
        Http http = new Http(server.getURI());
        List<String> ids = new ArrayList<>();
        // one batch runs at a time: the later ones wait in line when the shutdown starts
        for (int i = 0; i < 5; i++) {
            ids.addAll(http.post("/t/sleep", "key", "drain-" + i, "millis", "400").taskIds());
        }
        for (String id : ids) {
            awaitHandedOff(http, id);
        }
        try (LogCapture log = new LogCapture("io.bgtasks.inmemory")) {
            // batches not started yet when the shutdown begins: each must still run, for 400 ms, before close returns
            long notStarted = java.util.stream.IntStream.range(0, 5)
                .filter(i -> !recorder.labels("drain-" + i).contains("slept:start")).count();
            long start = System.nanoTime();
            server.getApplicationContext().close();
            long closeMillis = (System.nanoTime() - start) / 1_000_000;

            for (int i = 0; i < 5; i++) {
                assertEquals(List.of("slept:start", "slept"), recorder.labels("drain-" + i), "batch " + i + " was drained");
            }
            assertTrue(log.events().stream().noneMatch(e -> e.getFormattedMessage().startsWith("dropped")), "nothing dropped");
            assertTrue(notStarted >= 1, "the test needs batches still queued at shutdown; all had started");
            assertTrue(closeMillis >= notStarted * 400 - 50,
                "close waited for the " + notStarted + " queued batches (" + closeMillis + " ms)");
        }
    }

    @Test
    void pastTheTimeoutDroppedTasksAreReportedById() throws Exception {
        EmbeddedServer server = start("1s");
        Recorder recorder = server.getApplicationContext().getBean(Recorder.class);
        Http http = new Http(server.getURI());
        List<String> running = http.post("/t/sleep", "key", "stuck", "millis", "20000").taskIds();
        // batches of different requests have no order among them: let the long one take the only slot first
        recorder.await("stuck", 1, Duration.ofSeconds(10));
        List<String> waiting = http.post("/t/three", "key", "waiting", "failSecond", "false").taskIds();
        for (String id : waiting) {
            awaitHandedOff(http, id);
        }

        try (LogCapture log = new LogCapture("io.bgtasks.inmemory")) {
            long start = System.nanoTime();
            server.getApplicationContext().close();
            long closeMillis = (System.nanoTime() - start) / 1_000_000;

            List<String> dropped = log.events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("dropped background task")).toList();
            List<String> expected = new ArrayList<>(running);
            expected.addAll(waiting);
            for (String id : expected) {
                assertTrue(dropped.stream().anyMatch(m -> m.contains(id)), "task " + id + " is reported dropped: " + dropped);
            }
            assertEquals(4, dropped.size(), dropped.toString());
            assertTrue(dropped.get(0).contains("shutdown timeout of 1000 ms exceeded"), dropped.get(0));
            assertEquals(List.of("slept:start"), recorder.labels("stuck"), "the 20 s task was interrupted");
            assertEquals(List.of(), recorder.labels("waiting"), "the waiting batch never started");
            assertTrue(closeMillis >= 1000 && closeMillis < 15_000, "close honoured the 1 s timeout: " + closeMillis + " ms");
        }
    }
}
