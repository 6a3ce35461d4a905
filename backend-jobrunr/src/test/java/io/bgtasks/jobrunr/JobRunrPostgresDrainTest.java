package io.bgtasks.jobrunr;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

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
 * Several nodes, one queue: a web-only context stores 500 batches in PostgreSQL, and two worker-only contexts, each
 * with its own JobRunr server and connection pool (as two processes would have), drain them between them. JobRunr
 * claims a job through the database, so nothing in this JVM could keep a job from running twice. Each task records
 * the {@code bgtasks.test.node} of the context that ran it.
 */
@Execution(ExecutionMode.CONCURRENT)
class JobRunrPostgresDrainTest {
    private static final int TASKS = 500;

    @Test
    void twoWorkersShareOneQueueAndDrain500Tasks() throws Exception {
        TestPostgres postgres = TestPostgres.start();
        try {
            Map<String, Object> shared = new HashMap<>(Map.of(
                "bgtasks.backend", "jobrunr",
                "bgtasks.jobrunr.jdbc-url", postgres.url,
                "bgtasks.jobrunr.username", postgres.user,
                "bgtasks.jobrunr.password", postgres.password,
                // tables of this test only, in a database that other tests may share
                "bgtasks.jobrunr.table-prefix", "drain_" + UUID.randomUUID().toString().substring(0, 8) + "_",
                // two threads per worker and 40 ms per task: one worker alone needs about 10 s for the 500, longer than
                // the other's first poll (5 s), so both always get a share however fast the machine is
                "bgtasks.worker.concurrency", "2"));
            String key = UUID.randomUUID().toString();
            // the web-only context creates the tables before the workers start
            try (ApplicationContext web = ApplicationContext.run(with(shared, "bgtasks.worker.enabled", "false"));
                 ApplicationContext one = ApplicationContext.run(with(shared, "bgtasks.test.node", "one"));
                 ApplicationContext two = ApplicationContext.run(with(shared, "bgtasks.test.node", "two"))) {
                TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
                long start = System.nanoTime();
                for (int i = 0; i < TASKS; i++) {
                    String label = "t" + i;
                    submitter.submit(tasks -> tasks.addTask(TestTasks::sleepThenRecord, key, label, 40L));
                }
                long stored = System.nanoTime();
                assertTrue(web.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(240)), "drained");
                long drained = System.nanoTime();

                List<Recorder.Event> events = Recorder.events(key);
                Set<String> labels = events.stream().map(Recorder.Event::label).collect(Collectors.toSet());
                assertEquals(TASKS, labels.size(), "every task ran");
                assertEquals(TASKS, events.size(), "and once: nobody crashed, so nothing ran twice");
                Map<String, Long> perWorker = events.stream().collect(Collectors.groupingBy(Recorder.Event::node, Collectors.counting()));
                System.out.printf("jobrunr postgres drain: %d batches stored in %d ms, drained by 2 workers in %d ms; per worker: %s%n",
                    TASKS, (stored - start) / 1_000_000, (drained - stored) / 1_000_000, perWorker);
                assertEquals(Set.of("one", "two"), perWorker.keySet(), "both workers took work");
            }
        } finally {
            postgres.stop();
        }
    }

    private static Map<String, Object> with(Map<String, Object> shared, String name, String value) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.put(name, value);
        return properties;
    }
}
