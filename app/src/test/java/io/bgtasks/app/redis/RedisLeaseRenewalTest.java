package io.bgtasks.app.redis;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.bgtasks.app.support.RedisTestKit.await;
import static io.bgtasks.app.support.RedisTestKit.batchOf;
import static io.bgtasks.app.support.RedisTestKit.probe;
import static io.bgtasks.app.support.RedisTestKit.status;
import static io.bgtasks.app.support.RedisTestKit.webOnly;
import static io.bgtasks.app.support.RedisTestKit.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that runs four times longer than the lease (1 s) runs exactly once, although a second worker on the
 * same queue would take over any expired lease within its idle poll: the running worker renews the lease
 * (every third of it), so the lease deadline keeps moving ahead of the clock and the owner never changes.
 */
class RedisLeaseRenewalTest {
    private static final long LEASE_MILLIS = 1_000;
    private static final long TASK_MILLIS = 4_000;

    @Test
    void aTaskLongerThanTheLeaseRunsOnceBecauseItsLeaseIsRenewed() throws Exception {
        String uri = RedisServer.uri();
        String prefix = RedisServer.freshPrefix();
        String key = "renew-" + UUID.randomUUID();
        long pid = ProcessHandle.current().pid();
        String[] workerProps = {"bgtasks.redis.lease", LEASE_MILLIS + "ms"};

        try (UnifiedJedis redis = RedisServer.client();
             EmbeddedServer web = webOnly(uri, prefix);
             ApplicationContext one = worker(uri, prefix, workerProps);
             ApplicationContext two = worker(uri, prefix, workerProps)) {
            Http.Timed queued = new Http(web.getURI()).post("/probe/sleep", "key", key, "label", "long",
                "millis", Long.toString(TASK_MILLIS));
            assertEquals(202, queued.status(), queued.response().body());
            String taskId = queued.taskIds().getFirst();
            String batch = batchOf(taskId);

            await(Duration.ofSeconds(20), () -> probe(redis, key).contains("long:start@" + pid),
                () -> "the task never started: " + probe(redis, key));
            // watch the lease while the task runs: its deadline must stay ahead of the clock, with one owner
            Set<String> owners = new TreeSet<>();
            long minHeadroom = Long.MAX_VALUE;
            double firstDeadline = 0;
            double lastDeadline = 0;
            int samples = 0;
            while (!probe(redis, key).contains("long@" + pid)) {
                Double deadline = redis.zscore(prefix + ":active", batch);
                String owner = redis.hget(prefix + ":b:" + batch, "w");
                long now = System.currentTimeMillis();
                if (deadline == null || owner == null) {
                    break; // finished and acknowledged between the checks
                }
                owners.add(owner);
                minHeadroom = Math.min(minHeadroom, (long) (deadline - now));
                firstDeadline = firstDeadline == 0 ? deadline : firstDeadline;
                lastDeadline = deadline;
                samples++;
                Thread.sleep(50);
            }
            await(Duration.ofSeconds(20), () -> probe(redis, key).contains("long@" + pid),
                () -> "the task never finished: " + probe(redis, key));
            await(Duration.ofSeconds(10), () -> redis.zscore(prefix + ":active", batch) == null, () -> "still leased");
            Thread.sleep(2 * LEASE_MILLIS); // a second run, were there one, would start by now

            System.out.printf("lease renewal: %d samples during the %d ms task, lease %d ms; deadline moved %d ms; "
                    + "smallest headroom %d ms; owners %s%n", samples, TASK_MILLIS, LEASE_MILLIS,
                (long) (lastDeadline - firstDeadline), minHeadroom, owners);
            assertEquals(List.of("long:start@" + pid, "long@" + pid), probe(redis, key), "ran exactly once");
            assertEquals(1, owners.size(), "one worker held the batch throughout: " + owners);
            assertTrue(samples >= 10, "watched the lease while the task ran: " + samples + " samples");
            assertTrue(lastDeadline - firstDeadline >= 2 * LEASE_MILLIS, "the deadline was pushed forward: "
                + (long) (lastDeadline - firstDeadline) + " ms");
            assertTrue(minHeadroom > 0, "the lease never ran out: smallest headroom " + minHeadroom + " ms");
            Map<String, Object> done = status(web, taskId);
            assertEquals("SUCCEEDED", done.get("state"), done.toString());
            assertEquals(1, ((Number) done.get("attempts")).intValue(), done.toString());
        }
    }
}
