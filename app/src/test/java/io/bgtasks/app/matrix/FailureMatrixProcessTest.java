package io.bgtasks.app.matrix;

import io.bgtasks.app.support.FileProbeTasks;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.app.support.WorkerProcess;
import io.bgtasks.app.matrix.FailureMatrixTest.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix's process scenarios (3, 4, 5): the whole app runs as its own JVM, one task at a time, and is killed with
 * SIGKILL or stopped with SIGTERM, then started again on the same storage. Tasks record in files, so what a killed
 * process did is still visible. Adds its cells to the table {@link FailureMatrixTest} writes.
 */
class FailureMatrixProcessTest {

    /** One app configuration that survives restarts: same port, same storage, same probe folder. */
    private record Setup(Backend backend, Path dir, int port, Map<String, String> properties) {
        static Setup of(Backend backend) throws Exception {
            Path dir = Files.createDirectories(Path.of("target", "matrix-proc", UUID.randomUUID().toString().substring(0, 8)));
            int port = WorkerProcess.freePort();
            Map<String, String> p = new HashMap<>(Map.of(
                "micronaut.server.port", Integer.toString(port),
                "bgtasks.test.probe-dir", dir.toAbsolutePath().toString(),
                "bgtasks.retry.initial-delay", "200ms",
                "bgtasks.retry.max-delay", "1s",
                "bgtasks.inmemory.max-concurrent-batches", "1",
                "bgtasks.worker.concurrency", "1"));
            switch (backend) {
                case REDIS -> p.putAll(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                    "bgtasks.redis.prefix", RedisServer.freshPrefix(), "bgtasks.redis.lease", "5s"));
                case JOBRUNR -> p.putAll(Map.of("bgtasks.backend", "jobrunr",
                    "bgtasks.jobrunr.h2-path", dir.resolve("jobrunr").toAbsolutePath().toString()));
                default -> { }
            }
            return new Setup(backend, dir, port, p);
        }

        WorkerProcess start() throws Exception {
            WorkerProcess app = WorkerProcess.startApp(properties);
            app.awaitPort(port, 90_000);
            return app;
        }

        Http http() {
            return new Http(URI.create("http://127.0.0.1:" + port));
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void killedWhileATaskRuns(Backend backend) throws Exception {
        Setup setup = Setup.of(backend);
        String taskId;
        long killedAt;
        try (WorkerProcess first = setup.start()) {
            Http.Timed r = setup.http().post("/file-probe/sleep", "key", "k", "label", "long", "millis", "4000");
            assertEquals(202, r.status());
            taskId = r.taskIds().get(0);
            FileProbeTasks.awaitLine(setup.dir(), "k", l -> l.equals("long:start@" + first.pid()), 60_000);
            first.kill();
            killedAt = System.nanoTime();
        }
        try (WorkerProcess second = setup.start()) {
            if (!backend.durable()) {
                Thread.sleep(8_000); // twice the task's length: it would have finished by now
                assertTrue(FileProbeTasks.lines(setup.dir(), "k").stream().noneMatch(l -> l.startsWith("long@")), "lost");
                assertEquals(404, setup.http().get("/tasks/" + taskId).status(), "its status died with the process");
                MatrixReport.add(new MatrixRow(FailureMatrixTest.KILLED_WHILE_RUNNING, backend.label, "lost",
                    "not run again after the restart; no trace but the log of the dead process"));
                return;
            }
            FileProbeTasks.awaitLine(setup.dir(), "k", l -> l.equals("long@" + second.pid()), 180_000);
            long recovered = System.nanoTime() - killedAt;
            String status = setup.http().get("/tasks/" + taskId).response().body();
            assertTrue(status.contains("\"state\":\"SUCCEEDED\"") && status.contains("\"attempts\":2"), status);
            MatrixReport.add(new MatrixRow(FailureMatrixTest.KILLED_WHILE_RUNNING, backend.label,
                "recovered after " + seconds(recovered),
                (backend == Backend.REDIS ? "lease (5 s) ran out, delivered again" : "orphan detected (4 polls), retried")
                    + "; 4 s task completed on the restarted process, attempts 2"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void killedAfterTheResponseBeforeTheTaskStarted(Backend backend) throws Exception {
        Setup setup = Setup.of(backend);
        long killedAt;
        try (WorkerProcess first = setup.start()) {
            // the only slot is busy, so the next task waits: its response is out, the task has not started
            assertEquals(202, setup.http().post("/file-probe/sleep", "key", "busy", "label", "busy", "millis", "60000").status());
            FileProbeTasks.awaitLine(setup.dir(), "busy", l -> l.startsWith("busy:start@"), 60_000);
            assertEquals(202, setup.http().post("/file-probe/mark", "key", "k", "label", "queued").status());
            Thread.sleep(200);
            assertTrue(FileProbeTasks.lines(setup.dir(), "k").isEmpty(), "not started yet");
            first.kill();
            killedAt = System.nanoTime();
        }
        try (WorkerProcess second = setup.start()) {
            if (!backend.durable()) {
                Thread.sleep(5_000);
                assertTrue(FileProbeTasks.lines(setup.dir(), "k").isEmpty(), "lost");
                MatrixReport.add(new MatrixRow(FailureMatrixTest.KILLED_BEFORE_START, backend.label, "lost",
                    "the client had its 2xx; the task never ran"));
                return;
            }
            FileProbeTasks.awaitLine(setup.dir(), "k", l -> l.equals("queued@" + second.pid()), 120_000);
            MatrixReport.add(new MatrixRow(FailureMatrixTest.KILLED_BEFORE_START, backend.label,
                "recovered after " + seconds(System.nanoTime() - killedAt),
                "stored before the 2xx; ran once the app was back"
                    + (backend == Backend.JOBRUNR ? " (next poll)" : " (at once: it was still queued)")));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gracefulRestartWithTasksQueued(Backend backend) throws Exception {
        Setup setup = Setup.of(backend);
        List<String> labels = List.of("q1", "q2", "q3");
        long stoppedAt;
        long stopTook;
        try (WorkerProcess first = setup.start()) {
            assertEquals(202, setup.http().post("/file-probe/sleep", "key", "k", "label", "running", "millis", "2000").status());
            FileProbeTasks.awaitLine(setup.dir(), "k", l -> l.startsWith("running:start@"), 60_000);
            for (String label : labels) {
                assertEquals(202, setup.http().post("/file-probe/mark", "key", "k", "label", label).status());
            }
            long t0 = System.nanoTime();
            first.stop(90);
            stoppedAt = System.nanoTime();
            stopTook = stoppedAt - t0;
        }
        List<String> beforeRestart = FileProbeTasks.lines(setup.dir(), "k");
        assertTrue(beforeRestart.stream().anyMatch(l -> l.startsWith("running@")), "the running task finished before exit: " + beforeRestart);
        if (!backend.durable()) {
            for (String label : labels) {
                assertTrue(beforeRestart.stream().anyMatch(l -> l.startsWith(label + "@")), "drained before exit: " + beforeRestart);
            }
            MatrixReport.add(new MatrixRow(FailureMatrixTest.GRACEFUL_RESTART, backend.label, "drained before exit",
                "running and 3 queued tasks ran during shutdown (" + seconds(stopTook) + ", limit 30 s); past it they are dropped and logged by id"));
            return;
        }
        try (WorkerProcess second = setup.start()) {
            for (String label : labels) {
                FileProbeTasks.awaitLine(setup.dir(), "k", l -> l.startsWith(label + "@"), 120_000);
            }
            long done = System.nanoTime() - stoppedAt;
            List<String> all = FileProbeTasks.lines(setup.dir(), "k");
            for (String label : labels) {
                assertEquals(1, all.stream().filter(l -> l.startsWith(label + "@")).count(), "each ran once: " + all);
            }
            assertEquals(1, all.stream().filter(l -> l.startsWith("running@")).count(), "the running one was not re-run: " + all);
            MatrixReport.add(new MatrixRow(FailureMatrixTest.GRACEFUL_RESTART, backend.label, "finished, rest kept, ran after restart",
                "stop took " + seconds(stopTook) + " (running task finished); queued tasks done " + seconds(done)
                    + " after the stop, each once"));
        }
    }

    @AfterAll
    static void writeReport() throws Exception {
        MatrixReport.write(FailureMatrixTest.SCENARIOS, Arrays.stream(Backend.values()).map(b -> b.label).toList(),
            FailureMatrixTest.SETTINGS);
    }
}
