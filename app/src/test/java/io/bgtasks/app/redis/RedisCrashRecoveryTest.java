package io.bgtasks.app.redis;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.app.support.WorkerProcess;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.bgtasks.app.support.RedisTestKit.await;
import static io.bgtasks.app.support.RedisTestKit.batchOf;
import static io.bgtasks.app.support.RedisTestKit.probe;
import static io.bgtasks.app.support.RedisTestKit.awaitReady;
import static io.bgtasks.app.support.RedisTestKit.status;
import static io.bgtasks.app.support.RedisTestKit.webOnly;
import static io.bgtasks.app.support.RedisTestKit.workerProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker process killed with SIGKILL in the middle of a task loses nothing: once its lease (2 s) runs out,
 * another worker process runs the task again from the start and it succeeds there, on its second attempt.
 * Both worker processes are up and idle before the task is queued (as replicas would be), so the measured
 * recovery time is the lease mechanism, not JVM start-up, and a slow start-up on a loaded machine cannot let
 * the task finish before the kill; while the worker that took it lives, the other does not take it over, for
 * two whole leases.
 */
class RedisCrashRecoveryTest {
    private static final long LEASE_MILLIS = 2_000;
    private static final long TASK_MILLIS = 10_000;

    @Test
    void aTaskOfAKilledWorkerRunsAgainOnAnotherWorkerAfterTheLease() throws Exception {
        String uri = RedisServer.uri();
        String prefix = RedisServer.freshPrefix();
        String key = "crash-" + UUID.randomUUID();
        String[] workerProps = {"bgtasks.redis.lease", LEASE_MILLIS + "ms", "bgtasks.worker.concurrency", "2"};

        try (UnifiedJedis redis = RedisServer.client();
             EmbeddedServer web = webOnly(uri, prefix);
             WorkerProcess a = workerProcess(uri, prefix, workerProps);
             WorkerProcess b = workerProcess(uri, prefix, workerProps)) {
            awaitReady(a);
            awaitReady(b);
            Http.Timed queued = new Http(web.getURI()).post("/probe/sleep", "key", key, "label", "job", "millis", Long.toString(TASK_MILLIS));
            assertEquals(202, queued.status(), queued.response().body());
            String taskId = queued.taskIds().getFirst();

            await(Duration.ofSeconds(30), () -> !probe(redis, key).isEmpty(), () -> "no worker started the task");
            WorkerProcess first = probe(redis, key).getFirst().equals("job:start@" + a.pid()) ? a : b;
            WorkerProcess second = first == a ? b : a;
            assertEquals(List.of("job:start@" + first.pid()), probe(redis, key));
            assertEquals("RUNNING", status(web, taskId).get("state"));

            // two leases: had the lease not been renewed, the idle second worker would have taken the task by now
            Thread.sleep(2 * LEASE_MILLIS);
            assertEquals(List.of("job:start@" + first.pid()), probe(redis, key),
                "while the first worker lives, its renewed lease keeps the task from the second");

            long killedAt = System.nanoTime();
            first.kill();
            assertFalse(first.isAlive(), "SIGKILL ended the first worker");

            await(Duration.ofSeconds(30), () -> probe(redis, key).contains("job:start@" + second.pid()),
                () -> "the second worker never took the task over: " + probe(redis, key));
            long recoveryMillis = (System.nanoTime() - killedAt) / 1_000_000;
            await(Duration.ofSeconds(30), () -> probe(redis, key).contains("job@" + second.pid()),
                () -> "the second worker never finished the task: " + probe(redis, key));
            long completedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("crash recovery: kill -> restarted on second worker in %d ms (lease %d ms), "
                + "-> completed in %d ms (task %d ms)%n", recoveryMillis, LEASE_MILLIS, completedMillis, TASK_MILLIS);

            assertEquals(List.of("job:start@" + first.pid(), "job:start@" + second.pid(), "job@" + second.pid()),
                probe(redis, key), "killed mid-task on the first worker, run again and finished on the second");
            // the lease is renewed every third of it, so it expires between 2/3 and 1 lease after the kill;
            // an idle worker notices within its idle poll (1 s). The upper bound is generous for 2 cores.
            assertTrue(recoveryMillis >= LEASE_MILLIS / 2, "not taken over before the lease ran out: " + recoveryMillis + " ms");
            assertTrue(recoveryMillis < LEASE_MILLIS + 10_000, "taken over about one lease after the kill: " + recoveryMillis + " ms");

            // the worker acknowledges finished batches with its next fetch (or at once when idle): the record follows
            await(Duration.ofSeconds(10), () -> succeeded(web, taskId), () -> "the finished task's status was never recorded");
            Map<String, Object> done = status(web, taskId);
            assertEquals("SUCCEEDED", done.get("state"), done.toString());
            assertEquals(2, ((Number) done.get("attempts")).intValue(), "the killed attempt counts: " + done);
            assertNull(done.get("lastError"), done.toString());

            // nothing is left anywhere: not queued, not leased, not waiting for a retry, not dead
            String batch = batchOf(taskId);
            await(Duration.ofSeconds(10), () -> redis.zscore(prefix + ":active", batch) == null,
                () -> "the finished batch is still leased");
            assertEquals(0, redis.llen(prefix + ":wait"));
            assertEquals(0, redis.zcard(prefix + ":delayed"));
            assertEquals(0, redis.zcard(prefix + ":dead"));
        }
    }

    private static boolean succeeded(EmbeddedServer web, String taskId) {
        try {
            return "SUCCEEDED".equals(status(web, taskId).get("state"));
        } catch (Exception e) {
            return false;
        }
    }
}
