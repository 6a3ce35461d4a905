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
            first.awaitPort(port, 60_000);
            Http.Timed r = new Http(URI.create("http://127.0.0.1:" + port)).post("/file-probe/sleep", "key", key, "label", "long", "millis", "4000");
            assertEquals(202, r.status());
            taskId = r.taskIds().get(0);
            FileProbeTasks.awaitLine(dir, key, l -> l.equals("long:start@" + first.pid()), 30_000);
            first.stop(60);
            assertTrue(Files.readString(first.log()).contains("interrupted by the worker's shutdown"), "see " + first.log());
        }
        try (WorkerProcess second = WorkerProcess.startApp(app)) {
            second.awaitPort(port, 60_000);
            // from the moment the new process serves, not from its launch: a loaded machine takes 15 s to start a JVM
            long ready = System.nanoTime();
            FileProbeTasks.awaitLine(dir, key, l -> l.equals("long:start@" + second.pid()), 60_000);
            long seconds = (System.nanoTime() - ready) / 1_000_000_000;
            System.out.printf("jobrunr shutdown hand-back: the interrupted task started again %d s after the new process was ready%n", seconds);
            // handed back: taken at the first polls of the new process (every 5 s)
            assertTrue(seconds < 12, "took " + seconds + " s");
            FileProbeTasks.awaitLine(dir, key, l -> l.equals("long@" + second.pid()), 60_000);
            String status = new Http(URI.create("http://127.0.0.1:" + port)).get("/tasks/" + taskId).response().body();
            assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":1"), status);
            second.stop(30);
        }
    }
}
