package io.bgtasks.redis;

import io.bgtasks.TaskHandle;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.bgtasks.TaskSubmitter;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that runs four times longer than the lease (1 s) runs exactly once, although a second worker on the same
 * queue would take over any expired lease within its idle poll: the running worker renews the lease (every third of
 * it), so the lease deadline keeps moving ahead of the clock and the owner never changes. Isolated: a renewal that
 * comes late because the contract's tests load the machine would read as a lost lease.
 */
@Isolated
class RedisLeaseRenewalTest {
    private static final long LEASE_MILLIS = 1_000;
    private static final long TASK_MILLIS = 4_000;

    @Test
    void aTaskLongerThanTheLeaseRunsOnceBecauseItsLeaseIsRenewed() throws Exception {
        String prefix = TestRedis.freshPrefix("renew");
        String key = "renew-" + UUID.randomUUID();
        String[] workerProps = {"bgtasks.redis.lease", LEASE_MILLIS + "ms"};

        try (TestRedis server = TestRedis.start();
             UnifiedJedis redis = RedisClient.create(server.uri());
             ApplicationContext submitter = RedisApps.submitterOnly(server.uri(), prefix);
             ApplicationContext one = RedisApps.worker(server.uri(), prefix, workerProps);
             ApplicationContext two = RedisApps.worker(server.uri(), prefix, workerProps)) {
            RedisKeys keys = submitter.getBean(RedisKeys.class);
            TaskHandle task = submitter.getBean(TaskSubmitter.class)
                .submit(t -> t.addTask(ContractTasks::sleep, key, "long", TASK_MILLIS)).getFirst();
            String batch = task.batchId();

            Journal.await(key, Duration.ofSeconds(20), l -> l.contains("long:start"));
            // watch the lease while the task runs: its deadline must stay ahead of the clock, with one owner
            Set<String> owners = new TreeSet<>();
            long minHeadroom = Long.MAX_VALUE;
            double firstDeadline = 0;
            double lastDeadline = 0;
            int samples = 0;
            while (!Journal.labels(key).contains("long")) {
                Double deadline = redis.zscore(keys.active, batch);
                String owner = redis.hget(keys.batch(batch), "w");
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
            Journal.await(key, Duration.ofSeconds(20), l -> l.contains("long"));
            Await.until(Duration.ofSeconds(10), () -> redis.zscore(keys.active, batch) == null, () -> "still leased");
            Thread.sleep(2 * LEASE_MILLIS); // a second run, were there one, would start by now

            System.out.printf("lease renewal: %d samples during the %d ms task, lease %d ms; deadline moved %d ms; "
                    + "smallest headroom %d ms; owners %s%n", samples, TASK_MILLIS, LEASE_MILLIS,
                (long) (lastDeadline - firstDeadline), minHeadroom, owners);
            assertEquals(List.of("long:start", "long"), Journal.labels(key), "ran exactly once");
            assertEquals(1, owners.size(), "one worker held the batch throughout: " + owners);
            assertTrue(samples >= 10, "watched the lease while the task ran: " + samples + " samples");
            assertTrue(lastDeadline - firstDeadline >= 2 * LEASE_MILLIS, "the deadline was pushed forward: "
                + (long) (lastDeadline - firstDeadline) + " ms");
            assertTrue(minHeadroom > 0, "the lease never ran out: smallest headroom " + minHeadroom + " ms");
            TaskStatus done = submitter.getBean(TaskStatusQuery.class).find(task.id()).orElseThrow();
            assertEquals(TaskState.SUCCEEDED, done.state(), done.toString());
            assertEquals(1, done.attempts(), done.toString());
        }
    }
}
