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
 * H2 file storage survives SIGKILL: the app process is killed while a task runs, the same app is started again on
 * the same file, and the task completes there. The new process finds the job through JobRunr's orphan recovery
 * (the dead server stops sending heartbeats; after 4 poll intervals its running jobs fail and are retried), which
 * counts the lost attempt.
 */
class JobRunrCrashTest {

    @Test
    void aTaskRunningWhenTheProcessIsKilledCompletesAfterARestart() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "jobrunr-crash-" + UUID.randomUUID().toString().substring(0, 8)));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> app = Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", dir.resolve("db").toAbsolutePath().toString(),
            "bgtasks.test.probe-dir", dir.toAbsolutePath().toString(),
            "micronaut.server.port", Integer.toString(port),
            "bgtasks.retry.initial-delay", "100ms");
        String key = "crash";
        String taskId;
        long killedAt;
        try (WorkerProcess first = WorkerProcess.startApp(app)) {
            first.awaitPort(port, 60_000);
            Http.Timed r = new Http(URI.create("http://127.0.0.1:" + port)).post("/file-probe/sleep", "key", key, "label", "long", "millis", "15000");
            assertEquals(202, r.status());
            taskId = r.taskIds().get(0);
            FileProbeTasks.awaitLine(dir, key, l -> l.equals("long:start@" + first.pid()), 30_000);
            first.kill();
            killedAt = System.nanoTime();
            assertTrue(FileProbeTasks.lines(dir, key).stream().noneMatch(l -> l.startsWith("long@")), "killed before it finished");
        }
        try (WorkerProcess second = WorkerProcess.startApp(app)) {
            second.awaitPort(port, 60_000);
            FileProbeTasks.awaitLine(dir, key, l -> l.equals("long@" + second.pid()), 150_000);
            System.out.printf("jobrunr crash recovery: the killed task completed %d s after SIGKILL (restart, orphan detection after"
                + " 4 x 5 s poll, retry, 15 s task)%n", (System.nanoTime() - killedAt) / 1_000_000_000);
            String status = new Http(URI.create("http://127.0.0.1:" + port)).get("/tasks/" + taskId).response().body();
            assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":2"),
                "the lost attempt counts: " + status);
            second.stop(30);
        }
    }
}
