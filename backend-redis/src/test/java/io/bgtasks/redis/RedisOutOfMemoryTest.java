package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Redis of its own at its {@code maxmemory} with {@code noeviction}, as docs/redis.md asks: enqueue answers
 * {@link TaskSinkUnavailableException} saying Redis is out of memory, and stores nothing; a worker started then drains
 * every stored batch (leases, checkpoints of multi-step batches, lease renewals of a long task, acknowledgements) while
 * Redis stays over its limit (lowered below what is used once it is full, so that no freed request buffer ends the
 * shortage early), which frees the payloads, so that enqueue works again without anyone deleting anything.
 */
class RedisOutOfMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static long usedMemory(UnifiedJedis redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO");
    }

    @Test
    void enqueueFailsClearlyWhileWorkersDrainAndFreeMemory() throws Exception {
        long maxmemory = 4 * 1024 * 1024;
        try (GenericContainer<?> small = new GenericContainer<>(TestRedis.image()).withExposedPorts(6379)
            .withCommand("redis-server", "--maxmemory", Long.toString(maxmemory), "--maxmemory-policy", "noeviction",
                "--save", "", "--appendonly", "no", "--protected-mode", "no",
                // the small batches' records stay compact listpacks, so their acknowledgement starts with a write that
                // needs memory (a hashtable one starts with a DEL, which Redis allows even when full)
                "--hash-max-listpack-value", "256")) {
            small.start();
            String uri = "redis://" + small.getHost() + ":" + small.getMappedPort(6379);
            String prefix = TestRedis.freshPrefix("oom");
            String journal = "j-" + UUID.randomUUID();
            String big = "x".repeat(8_000);
            int stored = 0;
            try (UnifiedJedis redis = RedisClient.create(uri);
                 ApplicationContext web = RedisApps.submitterOnly(uri, prefix)) {
                TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
                // a task longer than its worker's lease (renewed while Redis is full) and two-step batches (checkpoints)
                submitter.submit(t -> t.addTask(ContractTasks::sleep, journal, "long", 2500L));
                // small batches first in the queue: their records are trimmed in place (see the container's settings)
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    submitter.submit(t -> t.addTask(ContractTasks::record, journal, "small-" + n));
                }
                TaskSinkUnavailableException refused = null;
                while (refused == null) {
                    String key = "fill-" + stored;
                    try {
                        submitter.submit(key, t -> {
                            t.addTask(ContractTasks::record, journal, "a" + big);
                            t.addTask(ContractTasks::record, journal, "b");
                        });
                        stored++;
                    } catch (TaskSinkUnavailableException e) {
                        refused = e;
                        assertFalse(redis.exists(prefix + ":b:" + TaskIds.fromKey(key)), "the refused batch left nothing");
                        assertFalse(redis.exists(prefix + ":i:" + TaskIds.fromKey(key)), "nor an idempotency key");
                    }
                    if (stored > 5_000) {
                        fail("Redis never ran out of memory");
                    }
                }
                assertTrue(refused.getMessage().contains("out of memory") && refused.getMessage().contains("maxmemory")
                    && refused.getMessage().contains("docs/redis.md"), refused.getMessage());
                // the refused call's own request buffer may have been what crossed the line: lower maxmemory well below what
                // is used now (idle clients' request buffers shrink by themselves), so that Redis stays over it until the workers free something
                long limit = usedMemory(redis) - 1_000_000;
                redis.configSet("maxmemory", Long.toString(limit));
                TaskSinkUnavailableException tiny = assertThrows(TaskSinkUnavailableException.class,
                    () -> submitter.submit(t -> t.addTask(ContractTasks::record, journal, "tiny")));
                assertTrue(tiny.getMessage().contains("out of memory"), tiny.getMessage());
                assertEquals(stored + 9, redis.llen(prefix + ":wait"));
                io.bgtasks.spi.BackendHealth.Report health = web.getBean(io.bgtasks.spi.BackendHealth.class).check();
                assertFalse(health.up(), "the health check says so: " + health);
                assertTrue(String.valueOf(health.details().get("reason")).contains("out of memory"), health.toString());

                try (ApplicationContext worker = RedisApps.worker(uri, prefix, "bgtasks.redis.lease", "600ms",
                    "bgtasks.worker.concurrency", "4")) {
                    int expected = stored;
                    Journal.await(journal, WAIT, labels -> labels.stream().filter("b"::equals).count() >= expected
                        && labels.contains("long") && labels.contains("small-7"));
                    assertTrue(worker.getBean(BackgroundWork.class).awaitIdle(WAIT), "every batch acknowledged");
                }
                List<String> labels = new ArrayList<>(Journal.labels(journal));
                assertEquals(1, labels.stream().filter("long:start"::equals).count(),
                    "the long task kept its lease while Redis was full: it ran once");
                assertEquals(stored, labels.stream().filter("b"::equals).count(), "each two-step batch finished");
                assertEquals(8, labels.stream().filter(l -> l.startsWith("small-")).count(), "each small batch ran once");
                assertEquals(stored, labels.stream().filter(l -> l.startsWith("a")).count(),
                    "no first step ran twice (its checkpoint was stored)");
                assertTrue(usedMemory(redis) < limit - 500_000, "the payloads are freed: " + usedMemory(redis)
                    + " bytes used, maxmemory " + limit);
                // enqueue works again by itself
                submitter.submit(t -> t.addTask(ContractTasks::record, journal, "after"));
            }
        }
    }
}
