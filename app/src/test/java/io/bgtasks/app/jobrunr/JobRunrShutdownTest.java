package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.FileProbeTasks;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.WorkerProcess;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop (SIGTERM) that passes {@code bgtasks.worker.shutdown-timeout} interrupts the running task and
 * hands its job back to the queue at once: the next start runs it without waiting for orphan detection, and the
 * interrupted attempt does not count.
 */
class JobRunrShutdownTest {

    @Test
    void aTaskInterruptedByShutdownGoesBackToTheQueueWithoutCountingTheAttempt() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "jobrunr-stop-" + UUID.randomUUID().toString().substring(0, 8)));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> app = Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", dir.resolve("db").toAbsolutePath().toString(),
            "bgtasks.test.probe-dir", dir.toAbsolutePath().toString(),
            "micronaut.server.port", Integer.toString(port),
            "bgtasks.worker.shutdown-timeout", "1s");
        String key = "stop";
        String taskId;
        try (WorkerProcess first = WorkerProcess.startApp(app)) {
            awaitPort(port, first);
            Http.Timed r = new Http(URI.create("http://127.0.0.1:" + port)).post("/file-probe/sleep", "key", key, "label", "long", "millis", "4000");
            assertEquals(202, r.status());
            taskId = r.taskIds().get(0);
            awaitLine(dir, key, l -> l.equals("long:start@" + first.pid()), 30_000);
            first.stop(60);
            assertTrue(Files.readString(first.log()).contains("interrupted by the worker's shutdown"), "see " + first.log());
        }
        long restarted = System.nanoTime();
        try (WorkerProcess second = WorkerProcess.startApp(app)) {
            awaitPort(port, second);
            awaitLine(dir, key, l -> l.equals("long@" + second.pid()), 60_000);
            long seconds = (System.nanoTime() - restarted) / 1_000_000_000;
            System.out.printf("jobrunr shutdown hand-back: the interrupted task completed %d s after the restart began%n", seconds);
            // handed back: picked up at the first polls of the new process, long before orphan detection (4 x 5 s)
            assertTrue(seconds < 18, "took " + seconds + " s");
            String status = new Http(URI.create("http://127.0.0.1:" + port)).get("/tasks/" + taskId).response().body();
            assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":1"), status);
            second.stop(30);
        }
    }

    private static void awaitPort(int port, WorkerProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(process.isAlive(), "the app died; see " + process.log());
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the app did not listen on " + port + "; see " + process.log());
    }

    private static void awaitLine(Path dir, String key, Predicate<String> wanted, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            lines = FileProbeTasks.lines(dir, key);
            if (lines.stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such line within " + millis + " ms; got " + lines);
    }
}
