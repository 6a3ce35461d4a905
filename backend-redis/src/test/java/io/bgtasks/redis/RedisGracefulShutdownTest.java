package io.bgtasks.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker stopped gracefully ({@code ApplicationContext.close()}) waits {@code bgtasks.worker.shutdown-timeout} for
 * its running tasks. Past it, it hands their batches back to the front of the queue at once (QUEUED, the interrupted
 * attempt not counted, not reported as a failure), so another worker runs them right away instead of after the lease
 * (60 s here). Tasks that finish within the timeout complete, are acknowledged, and are not handed back. Isolated,
 * because it counts the backend's warnings and the contract's tests write theirs to the same logger.
 */
@Isolated
class RedisGracefulShutdownTest {
    private static final String LONG_LEASE = "60s";
    private static TestRedis server;
    private static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        server = TestRedis.start();
        redis = RedisClient.create(server.uri());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Optional<TaskStatus> status(ApplicationContext in, TaskHandle task) {
        return in.getBean(TaskStatusQuery.class).find(task.id());
    }

    @Test
    void pastTheTimeoutARunningBatchIsHandedBackAndRunsElsewhereAtOnce() throws Exception {
        String prefix = TestRedis.freshPrefix("handback");
        String key = "handback-" + UUID.randomUUID();
        String[] workerProps = {"bgtasks.worker.shutdown-timeout", "500ms", "bgtasks.redis.lease", LONG_LEASE};

        try (ApplicationContext submitter = RedisApps.submitterOnly(server.uri(), prefix)) {
            RedisKeys keys = submitter.getBean(RedisKeys.class);
            ApplicationContext first = RedisApps.worker(server.uri(), prefix, workerProps);
            TaskHandle task;
            long closeMillis;
            long closedAt;
            List<String> warnings;
            try {
                task = submitter.getBean(TaskSubmitter.class)
                    .submit(t -> t.addTask(ContractTasks::sleep, key, "long", 10_000L)).getFirst();
                Journal.await(key, Duration.ofSeconds(20), l -> l.contains("long:start"));
                TaskStatus running = status(submitter, task).orElseThrow();
                assertEquals(TaskState.RUNNING, running.state(), running.toString());
                assertEquals(1, running.attempts());
            } finally {
                try (LogCapture log = new LogCapture("io.bgtasks.redis")) {
                    long closing = System.nanoTime();
                    first.close();
                    closedAt = System.nanoTime();
                    closeMillis = (closedAt - closing) / 1_000_000;
                    warnings = log.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .map(ILoggingEvent::getFormattedMessage).toList();
                }
            }

            String batch = task.batchId();
            assertEquals(List.of(batch), redis.lrange(keys.wait, 0, -1), "handed back to the queue at once");
            assertNull(redis.zscore(keys.active, batch), "its lease is gone");
            TaskStatus queued = status(submitter, task).orElseThrow();
            assertEquals(TaskState.QUEUED, queued.state(), queued.toString());
            assertEquals(0, queued.attempts(), "the interrupted attempt does not count: " + queued);
            assertEquals(List.of("long:start"), Journal.labels(key), "the task was interrupted, not finished");
            assertTrue(closeMillis >= 500 && closeMillis < 10_000, "close waited for the 500 ms timeout, not for the task: "
                + closeMillis + " ms");
            // the interrupted attempt is not a failure: no retry, no dead letter, and the log does not claim one
            assertEquals(1, warnings.size(), "only the hand-back is reported: " + warnings);
            assertTrue(warnings.getFirst().contains("handed 1 running batch(es) back to the queue: [" + batch + "]"), warnings.getFirst());
            assertEquals(0, redis.zcard(keys.delayed));
            assertEquals(0, redis.zcard(keys.dead));

            try (ApplicationContext second = RedisApps.worker(server.uri(), prefix, workerProps)) {
                Journal.await(key, Duration.ofSeconds(30), l -> l.contains("long"));
                long rerunMillis = (System.nanoTime() - closedAt) / 1_000_000;
                System.out.printf("graceful shutdown: close took %d ms (timeout 500 ms); the handed-back 10 s task finished "
                    + "on the second worker %d ms after the close (lease %s)%n", closeMillis, rerunMillis, LONG_LEASE);
                assertTrue(rerunMillis < 20_000, "ran again long before the 60 s lease would have run out: " + rerunMillis + " ms");
                assertEquals(List.of("long:start", "long:start", "long"), Journal.labels(key));
                Await.until(Duration.ofSeconds(10),
                    () -> status(submitter, task).map(s -> s.state() == TaskState.SUCCEEDED).orElse(false),
                    () -> "not SUCCEEDED: " + status(submitter, task));
                assertEquals(1, status(submitter, task).orElseThrow().attempts());
            }
        }
    }

    @Test
    void tasksThatFinishWithinTheTimeoutCompleteAndAreNotHandedBack() throws Exception {
        String prefix = TestRedis.freshPrefix("drain");
        String key = "drain-" + UUID.randomUUID();
        String[] workerProps = {"bgtasks.worker.shutdown-timeout", "15s", "bgtasks.redis.lease", LONG_LEASE};

        try (ApplicationContext submitter = RedisApps.submitterOnly(server.uri(), prefix)) {
            RedisKeys keys = submitter.getBean(RedisKeys.class);
            ApplicationContext first = RedisApps.worker(server.uri(), prefix, workerProps);
            List<TaskHandle> tasks = new ArrayList<>();
            long closeMillis;
            try {
                for (String label : List.of("a", "b")) {
                    tasks.addAll(submitter.getBean(TaskSubmitter.class)
                        .submit(t -> t.addTask(ContractTasks::sleep, key, label, 2_000L)));
                }
                Journal.await(key, Duration.ofSeconds(20), l -> l.containsAll(List.of("a:start", "b:start")));
            } finally {
                long closing = System.nanoTime();
                first.close();
                closeMillis = (System.nanoTime() - closing) / 1_000_000;
            }

            // close returned after the running tasks finished
            assertTrue(Journal.labels(key).containsAll(List.of("a", "b")), "finished during close: " + Journal.labels(key));
            assertEquals(0, redis.llen(keys.wait), "nothing handed back");
            assertEquals(0, redis.zcard(keys.active), "both acknowledged before the worker stopped");
            for (TaskHandle task : tasks) {
                TaskStatus done = status(submitter, task).orElseThrow();
                assertEquals(TaskState.SUCCEEDED, done.state(), done.toString());
                assertEquals(1, done.attempts(), done.toString());
            }
            System.out.printf("graceful shutdown: close waited %d ms for two running 2 s tasks (timeout 15 s)%n", closeMillis);
            assertTrue(closeMillis < 15_000, "close did not wait for the whole timeout: " + closeMillis + " ms");

            // another worker finds nothing to run again
            try (ApplicationContext ignored = RedisApps.worker(server.uri(), prefix, workerProps)) {
                Thread.sleep(3_000);
            }
            assertEquals(4, Journal.labels(key).size(), "each task ran once: " + Journal.labels(key));
        }
    }
}
