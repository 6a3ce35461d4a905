package io.bgtasks.app.matrix;

import io.bgtasks.BackgroundWork;
import io.bgtasks.NotDurableTaskException;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.jobrunr.BatchJob;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BackgroundTasks-versus-Celery tradeoff, executed: the same failures on every backend, each backend's
 * outcome asserted and recorded with its measured times in a scenario × backend table (see {@link MatrixReport}).
 */
class FailureMatrixTest {
    static final String FAILS_ONCE = "1. a task fails once, then succeeds";
    static final String ALWAYS_FAILS = "2. a task always fails";
    static final String KILLED_WHILE_RUNNING = "3. the process is killed (SIGKILL) while a task runs";
    static final String KILLED_BEFORE_START = "4. the process is killed after the response, before the task started";
    static final String GRACEFUL_RESTART = "5. graceful restart (SIGTERM) with tasks queued";
    static final String POISON = "6. a poison payload";
    static final String SLOWER_THAN_LEASE = "7. a task slower than the lease";
    static final String SECOND_OF_THREE = "8. the second of three tasks fails";
    static final List<String> SCENARIOS = List.of(FAILS_ONCE, ALWAYS_FAILS, KILLED_WHILE_RUNNING, KILLED_BEFORE_START,
        GRACEFUL_RESTART, POISON, SLOWER_THAN_LEASE, SECOND_OF_THREE, FailureMatrixScheduleTest.SCHEDULED_ACROSS_RESTART,
        FailureMatrixScheduleTest.RECURRING_ONE_OF_THREE_KILLED);
    static final String SETTINGS = "Durable backends run with their default policy of 5 attempts, with delays shortened for the run "
        + "(`bgtasks.retry.initial-delay=200ms`, `max-delay=1s`); the Redis lease is its default 30 s except in scenario 7 (1 s) and in the process scenarios 3–5 (5 s, to keep the run short). "
        + "Scenarios 3–5 run the whole app as a separate JVM with one task at a time (`max-concurrent-batches=1`, "
        + "`worker.concurrency=1`), kill or stop it, and start it again on the same storage. "
        + "JobRunr runs on an H2 file with its 5 s poll interval, which every retry waits for (a stored job is picked up at once, `bgtasks.jobrunr.instant-pickup`); "
        + "scenario 10 runs three worker JVMs on one storage (JobRunr on PostgreSQL) with a schedule firing every second "
        + "(`FailureMatrixScheduleTest`).";

    enum Backend {
        IN_MEMORY("in-memory"),
        REDIS("Redis"),
        JOBRUNR("JobRunr");

        final String label;

        Backend(String label) {
            this.label = label;
        }

        Map<String, Object> properties(Map<String, Object> extra) {
            Map<String, Object> p = new HashMap<>(Map.of("bgtasks.retry.initial-delay", "200ms", "bgtasks.retry.max-delay", "1s"));
            if (this == REDIS) {
                p.putAll(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                    "bgtasks.redis.prefix", RedisServer.freshPrefix()));
            } else if (this == JOBRUNR) {
                p.putAll(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path",
                    Path.of("target", "matrix-h2", UUID.randomUUID().toString().substring(0, 8), "jobrunr").toAbsolutePath().toString()));
            }
            p.putAll(extra);
            return p;
        }

        boolean durable() {
            return this != IN_MEMORY;
        }
    }

    /** A running application for one cell. */
    private record App(ApplicationContext context) implements AutoCloseable {
        static App start(Backend backend, Map<String, Object> extra) {
            return new App(ApplicationContext.run(backend.properties(extra), "test"));
        }

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        List<TaskHandle> submit(java.util.function.Consumer<io.bgtasks.BackgroundTasks> tasks) {
            return bean(TaskSubmitter.class).submit(tasks);
        }

        void awaitIdle() throws InterruptedException {
            assertTrue(bean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(90)), "background work finished");
        }

        TaskStatus status(TaskHandle h) {
            return bean(TaskStatusQuery.class).find(h.id()).orElseThrow();
        }

        boolean deadLettered(TaskHandle h) {
            return context.findBean(DeadLetters.class).map(d -> d.list(0, 1000).stream()
                .anyMatch(l -> l.batchId().equals(h.batchId()))).orElse(false);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failsOnceThenSucceeds(Backend backend) throws Exception {
        try (App app = App.start(backend, Map.of())) {
            String key = UUID.randomUUID().toString();
            long start = System.nanoTime();
            TaskHandle h = app.submit(t -> t.addTask(MatrixTasks::failTimes, key, 1)).get(0);
            app.awaitIdle();
            long took = System.nanoTime() - start;
            TaskStatus s = app.status(h);
            int calls = app.bean(Recorder.class).labels(key).size();
            if (backend.durable()) {
                assertEquals(TaskState.SUCCEEDED, s.state());
                assertEquals(2, calls);
                MatrixReport.add(new MatrixRow(FAILS_ONCE, backend.label, "retried 1 time, succeeded",
                    "2 attempts; done after " + seconds(took)));
            } else {
                assertEquals(TaskState.FAILED, s.state());
                assertEquals(1, calls);
                MatrixReport.add(new MatrixRow(FAILS_ONCE, backend.label, "failed (no retry by default)",
                    "1 attempt, error logged with id; a task may opt in with @TaskRetry"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void alwaysFails(Backend backend) throws Exception {
        try (App app = App.start(backend, Map.of())) {
            String key = UUID.randomUUID().toString();
            long start = System.nanoTime();
            TaskHandle h = app.submit(t -> t.addTask(MatrixTasks::failTimes, key, Integer.MAX_VALUE)).get(0);
            app.awaitIdle();
            long took = System.nanoTime() - start;
            TaskStatus s = app.status(h);
            assertEquals(TaskState.FAILED, s.state());
            int calls = app.bean(Recorder.class).labels(key).size();
            if (backend.durable()) {
                assertEquals(5, calls);
                assertTrue(app.deadLettered(h));
                MatrixReport.add(new MatrixRow(ALWAYS_FAILS, backend.label, "retried 4 times, dead-lettered",
                    "5 attempts over " + seconds(took) + "; requeue or delete from the dead letters"));
            } else {
                assertEquals(1, calls);
                MatrixReport.add(new MatrixRow(ALWAYS_FAILS, backend.label, "failed, logged",
                    "1 attempt; the error (id, name, stack) is in the log only"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void poisonPayload(Backend backend) throws Exception {
        Map<String, Object> extra = Map.of();
        try (App app = App.start(backend, extra)) {
            if (!backend.durable()) {
                // no payload exists in memory: what would be poison elsewhere is refused before it is queued
                assertThrows(NotDurableTaskException.class, () -> app.submit(t -> t.addTask(String::valueOf, (Object) "x")));
                MatrixReport.add(new MatrixRow(POISON, backend.label, "refused at addTask",
                    "nothing is stored, so nothing can be corrupt; an unregistered task fails the request"));
                return;
            }
            String id = UUID.randomUUID().toString();
            String payload = "[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]";
            long start = System.nanoTime();
            if (backend == Backend.JOBRUNR) {
                app.bean(JobRequestScheduler.class).enqueue(UUID.fromString(id), new BatchJob(id, payload));
            } else {
                String prefix = app.context().getProperty("bgtasks.redis.prefix", String.class).orElseThrow();
                try (UnifiedJedis redis = RedisServer.client()) {
                    redis.hset(prefix + ":b:" + id, Map.of("p", payload, "c", "0"));
                    redis.rpush(prefix + ":wait", id);
                    redis.zadd(prefix + ":marker", 0, "m");
                }
            }
            String key = UUID.randomUUID().toString();
            app.submit(t -> t.addTask(MatrixTasks::record, key, "good"));
            app.awaitIdle();
            long took = System.nanoTime() - start;
            DeadLetters dead = app.bean(DeadLetters.class);
            assertTrue(dead.list(0, 10).stream().anyMatch(l -> l.batchId().equals(id) && l.error().contains("unknown task")));
            assertEquals(List.of("good"), app.bean(Recorder.class).labels(key));
            MatrixReport.add(new MatrixRow(POISON, backend.label, "dead-lettered, not retried",
                "reason kept (unknown task); the worker went on; " + seconds(took) + " for both"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slowerThanTheLease(Backend backend) throws Exception {
        try (App app = App.start(backend, Map.of("bgtasks.redis.lease", "1s"))) {
            String key = UUID.randomUUID().toString();
            long start = System.nanoTime();
            TaskHandle h = app.submit(t -> t.addTask(MatrixTasks::sleep, key, 3000L)).get(0);
            app.awaitIdle();
            long took = System.nanoTime() - start;
            assertEquals(List.of("start", "end"), app.bean(Recorder.class).labels(key), "ran exactly once");
            assertEquals(TaskState.SUCCEEDED, app.status(h).state());
            assertEquals(1, app.status(h).attempts());
            MatrixReport.add(new MatrixRow(SLOWER_THAN_LEASE, backend.label, "ran once",
                switch (backend) {
                    case REDIS -> "3 s task, 1 s lease renewed while it ran; done after " + seconds(took);
                    case JOBRUNR -> "no lease: the worker's heartbeat (every poll) keeps the job; done after " + seconds(took);
                    default -> "no lease in memory; done after " + seconds(took);
                }));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void secondOfThreeFails(Backend backend) throws Exception {
        try (App app = App.start(backend, Map.of())) {
            String key = UUID.randomUUID().toString();
            List<TaskHandle> hs = app.submit(t -> {
                t.addTask(MatrixTasks::record, key, "first");
                t.addTask(MatrixTasks::failTimes, key, Integer.MAX_VALUE);
                t.addTask(MatrixTasks::record, key, "third");
            });
            app.awaitIdle();
            List<String> labels = app.bean(Recorder.class).labels(key);
            assertEquals(1, labels.stream().filter("first"::equals).count(), "the first ran once");
            assertTrue(!labels.contains("third"));
            assertEquals(TaskState.SUCCEEDED, app.status(hs.get(0)).state());
            assertEquals(TaskState.FAILED, app.status(hs.get(1)).state());
            assertEquals(TaskState.SKIPPED, app.status(hs.get(2)).state());
            long secondCalls = labels.stream().filter(l -> l.startsWith("call-")).count();
            MatrixReport.add(new MatrixRow(SECOND_OF_THREE, backend.label, "first ran, second failed, third skipped",
                backend.durable() ? "second tried " + secondCalls + " times (first not re-run: checkpoint); batch dead-lettered"
                    : "second tried once; failure logged"));
        }
    }

    @AfterAll
    static void writeReport() throws Exception {
        MatrixReport.write(SCENARIOS, Arrays.stream(Backend.values()).map(b -> b.label).toList(), SETTINGS);
    }
}
