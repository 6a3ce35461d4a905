package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.FileProbeTasks;
import io.bgtasks.app.support.WorkerProcess;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several nodes, one queue: a web-only context (this JVM) stores 500 batches in PostgreSQL, and two worker-only
 * processes drain them between them. Tasks record {@code label@pid} lines in a file all three processes see.
 */
class JobRunrPostgresDrainTest {
    private static final int TASKS = 500;

    @Test
    void twoWorkerProcessesShareOneQueueAndDrain500Tasks() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "jobrunr-drain-" + UUID.randomUUID().toString().substring(0, 8)));
        Map<String, String> shared = new HashMap<>(Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.jdbc-url", JobRunrStores.postgresUrl(),
            "bgtasks.jobrunr.username", JobRunrStores.postgresUser(),
            "bgtasks.jobrunr.password", JobRunrStores.postgresPassword(),
            // tables of this test only, in the shared database
            "bgtasks.jobrunr.table-prefix", "drain_" + UUID.randomUUID().toString().substring(0, 8) + "_",
            "bgtasks.test.probe-dir", dir.toAbsolutePath().toString(),
            // two threads per worker and 40 ms per task: one worker alone needs about 10 s for the 500, longer than
            // the other's first poll (5 s), so both always get a share however fast the machine is
            "bgtasks.worker.concurrency", "2"));
        Map<String, Object> webOnly = new HashMap<>(shared);
        webOnly.put("bgtasks.worker.enabled", "false");
        String key = "drain";
        // the web-only context creates the tables before the workers start
        try (ApplicationContext web = ApplicationContext.run(webOnly, "test");
             WorkerProcess one = WorkerProcess.start(shared);
             WorkerProcess two = WorkerProcess.start(shared)) {
            awaitLog(one, "JobRunr worker started");
            awaitLog(two, "JobRunr worker started");
            TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
            long start = System.nanoTime();
            for (int i = 0; i < TASKS; i++) {
                String label = "t" + i;
                submitter.submit(tasks -> tasks.addTask(FileProbeTasks::sleepThenMark, key, label, 40L));
            }
            long stored = System.nanoTime();
            assertTrue(web.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(240)), "drained");
            long drained = System.nanoTime();

            List<String> lines = FileProbeTasks.lines(dir, key).stream().filter(l -> !l.contains(":start@")).toList();
            Set<String> labels = lines.stream().map(l -> l.substring(0, l.indexOf('@'))).collect(Collectors.toSet());
            assertEquals(TASKS, labels.size(), "every task ran");
            assertEquals(TASKS, lines.size(), "and once: nobody crashed, so nothing ran twice");
            Map<String, Long> perWorker = lines.stream().collect(Collectors.groupingBy(l -> l.substring(l.indexOf('@') + 1), Collectors.counting()));
            System.out.printf("jobrunr postgres drain: %d batches stored in %d ms, drained by 2 workers in %d ms; per worker pid: %s%n",
                TASKS, (stored - start) / 1_000_000, (drained - stored) / 1_000_000, perWorker);
            assertEquals(Set.of(Long.toString(one.pid()), Long.toString(two.pid())), perWorker.keySet(), "both workers took work");
            one.stop(30);
            two.stop(30);
        }
    }

    private static void awaitLog(WorkerProcess worker, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(worker.isAlive(), "worker died; see " + worker.log());
            if (Files.readString(worker.log()).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("worker did not start; see " + worker.log());
    }
}
