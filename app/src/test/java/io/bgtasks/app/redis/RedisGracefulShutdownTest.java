package io.bgtasks.app.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.LogCapture;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.bgtasks.app.support.RedisTestKit.await;
import static io.bgtasks.app.support.RedisTestKit.batchOf;
import static io.bgtasks.app.support.RedisTestKit.probe;
import static io.bgtasks.app.support.RedisTestKit.status;
import static io.bgtasks.app.support.RedisTestKit.webOnly;
import static io.bgtasks.app.support.RedisTestKit.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker stopped gracefully ({@code ApplicationContext.close()}) waits {@code bgtasks.worker.shutdown-timeout}
 * for its running tasks. Past it, it hands their batches back to the front of the queue at once (QUEUED, the
 * interrupted attempt not counted, not reported as a failure), so another worker runs them right away instead
 * of after the lease (60 s here). Tasks that finish within the timeout complete, are acknowledged, and are not
 * handed back.
 */
class RedisGracefulShutdownTest {
    private static final String LONG_LEASE = "60s";

    @Test
    void pastTheTimeoutARunningBatchIsHandedBackAndRunsElsewhereAtOnce() throws Exception {
        String uri = RedisServer.uri();
        String prefix = RedisServer.freshPrefix();
        String key = "handback-" + UUID.randomUUID();
        long pid = ProcessHandle.current().pid();
        String[] workerProps = {"bgtasks.worker.shutdown-timeout", "500ms", "bgtasks.redis.lease", LONG_LEASE};

        try (UnifiedJedis redis = RedisServer.client();
             EmbeddedServer web = webOnly(uri, prefix)) {
            ApplicationContext first = worker(uri, prefix, workerProps);
            String taskId;
            long closeMillis;
            long closedAt;
            List<String> warnings;
            try {
                Http.Timed queued = new Http(web.getURI()).post("/probe/sleep", "key", key, "label", "long", "millis", "10000");
                assertEquals(202, queued.status(), queued.response().body());
                taskId = queued.taskIds().getFirst();
                await(Duration.ofSeconds(20), () -> probe(redis, key).contains("long:start@" + pid),
                    () -> "the task never started: " + probe(redis, key));
                Map<String, Object> running = status(web, taskId);
                assertEquals("RUNNING", running.get("state"), running.toString());
                assertEquals(1, ((Number) running.get("attempts")).intValue());
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

            String batch = batchOf(taskId);
            assertEquals(List.of(batch), redis.lrange(prefix + ":wait", 0, -1), "handed back to the queue at once");
            assertNull(redis.zscore(prefix + ":active", batch), "its lease is gone");
            Map<String, Object> queued = status(web, taskId);
            assertEquals("QUEUED", queued.get("state"), queued.toString());
            assertEquals(0, ((Number) queued.get("attempts")).intValue(), "the interrupted attempt does not count: " + queued);
            assertEquals(List.of("long:start@" + pid), probe(redis, key), "the task was interrupted, not finished");
            assertTrue(closeMillis >= 500 && closeMillis < 10_000, "close waited for the 500 ms timeout, not for the task: "
                + closeMillis + " ms");
            // the interrupted attempt is not a failure: no retry, no dead letter, and the log does not claim one
            assertEquals(1, warnings.size(), "only the hand-back is reported: " + warnings);
            assertTrue(warnings.getFirst().contains("handed 1 running batch(es) back to the queue: [" + batch + "]"), warnings.getFirst());
            assertEquals(0, redis.zcard(prefix + ":delayed"));
            assertEquals(0, redis.zcard(prefix + ":dead"));

            try (ApplicationContext ignored = worker(uri, prefix, workerProps)) {
                await(Duration.ofSeconds(30), () -> probe(redis, key).contains("long@" + pid),
                    () -> "the second worker did not finish the task: " + probe(redis, key));
                long rerunMillis = (System.nanoTime() - closedAt) / 1_000_000;
                System.out.printf("graceful shutdown: close took %d ms (timeout 500 ms); the handed-back 10 s task finished "
                    + "on the second worker %d ms after the close (lease %s)%n", closeMillis, rerunMillis, LONG_LEASE);
                assertTrue(rerunMillis < 20_000, "ran again long before the 60 s lease would have run out: " + rerunMillis + " ms");
                assertEquals(List.of("long:start@" + pid, "long:start@" + pid, "long@" + pid), probe(redis, key));
                await(Duration.ofSeconds(10), () -> "SUCCEEDED".equals(statusQuietly(web, taskId).get("state")),
                    () -> "not SUCCEEDED: " + statusQuietly(web, taskId));
                assertEquals(1, ((Number) status(web, taskId).get("attempts")).intValue());
            }
        }
    }

    @Test
    void tasksThatFinishWithinTheTimeoutCompleteAndAreNotHandedBack() throws Exception {
        String uri = RedisServer.uri();
        String prefix = RedisServer.freshPrefix();
        String key = "drain-" + UUID.randomUUID();
        long pid = ProcessHandle.current().pid();
        String[] workerProps = {"bgtasks.worker.shutdown-timeout", "15s", "bgtasks.redis.lease", LONG_LEASE};

        try (UnifiedJedis redis = RedisServer.client();
             EmbeddedServer web = webOnly(uri, prefix)) {
            ApplicationContext first = worker(uri, prefix, workerProps);
            List<String> taskIds = new ArrayList<>();
            long closeMillis;
            try {
                Http http = new Http(web.getURI());
                for (String label : List.of("a", "b")) {
                    Http.Timed queued = http.post("/probe/sleep", "key", key, "label", label, "millis", "2000");
                    assertEquals(202, queued.status(), queued.response().body());
                    taskIds.addAll(queued.taskIds());
                }
                await(Duration.ofSeconds(20), () -> probe(redis, key).containsAll(List.of("a:start@" + pid, "b:start@" + pid)),
                    () -> "the tasks never started: " + probe(redis, key));
            } finally {
                long closing = System.nanoTime();
                first.close();
                closeMillis = (System.nanoTime() - closing) / 1_000_000;
            }

            // close returned after the running tasks finished
            assertTrue(probe(redis, key).containsAll(List.of("a@" + pid, "b@" + pid)), "finished during close: " + probe(redis, key));
            assertEquals(0, redis.llen(prefix + ":wait"), "nothing handed back");
            assertEquals(0, redis.zcard(prefix + ":active"), "both acknowledged before the worker stopped");
            for (String id : taskIds) {
                Map<String, Object> done = status(web, id);
                assertEquals("SUCCEEDED", done.get("state"), done.toString());
                assertEquals(1, ((Number) done.get("attempts")).intValue(), done.toString());
            }
            System.out.printf("graceful shutdown: close waited %d ms for two running 2 s tasks (timeout 15 s)%n", closeMillis);
            assertTrue(closeMillis < 15_000, "close did not wait for the whole timeout: " + closeMillis + " ms");

            // another worker finds nothing to run again
            try (ApplicationContext ignored = worker(uri, prefix, workerProps)) {
                Thread.sleep(3_000);
            }
            assertEquals(4, probe(redis, key).size(), "each task ran once: " + probe(redis, key));
        }
    }

    private static Map<String, Object> statusQuietly(EmbeddedServer web, String taskId) {
        try {
            return status(web, taskId);
        } catch (Exception e) {
            return Map.of("error", e.toString());
        }
    }
}
