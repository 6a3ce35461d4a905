package io.bgtasks.redis;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finished-tasks listing next to damaged entries of its sorted sets: garbage and ids without a record in
 * {@code P:done} are left out while the listing pages on past them, garbage in {@code P:dead} is listed with its
 * reason, and a {@code P:done} of another type lists nothing until the next fetch replaces it; never an exception.
 */
class RedisFinishedListingDamageTest {
    private static TestRedis server;
    private static UnifiedJedis redis;

    @BeforeAll
    static void start() {
        server = TestRedis.start();
        redis = RedisClient.create(server.uri());
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    @Test
    void garbageInTheSetsIsLeftOutOrListedWithItsReasonAndThePagesGoOn() throws Exception {
        String prefix = TestRedis.freshPrefix("list");
        ApplicationContext app = RedisApps.worker(server.uri(), prefix, "bgtasks.redis.idle-poll", "100ms");
        try {
            String key = "k-" + UUID.randomUUID();
            TaskHandle ok = app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, key, "ok")).get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.getBean(TaskStatusQuery.class).find(ok.id()).map(s -> s.state() != TaskState.SUCCEEDED).orElse(true)) {
                assertTrue(System.nanoTime() < deadline, "never succeeded");
                Thread.sleep(20);
            }
            long now = System.currentTimeMillis() + 60_000; // newer than the real one: listed first
            redis.zadd((prefix + ":done").getBytes(StandardCharsets.UTF_8), now,
                new byte[]{'n', 'o', (byte) 0xff, (byte) 0xfe});
            redis.zadd(prefix + ":done", now + 1, "another program's entry");
            redis.zadd(prefix + ":done", now + 2, UUID.randomUUID().toString()); // a batch id without a record
            redis.zadd(prefix + ":dead", now + 3, "garbage in the dead set");

            FinishedTasks finished = app.getBean(FinishedTasks.class);
            // two a page: the first pages are only garbage, and the listing still reaches the real batch
            List<FinishedBatch> seen = new ArrayList<>();
            String after = null;
            for (int page = 0; page < 10; page++) {
                KeysetPage<FinishedBatch> p = finished.recent(FinishedTasks.Outcome.ALL, after, 2);
                seen.addAll(p.items());
                after = p.next();
                if (after == null) {
                    break;
                }
            }
            assertNull(after, "the listing ended");
            assertEquals(2, seen.size(), seen.toString());
            assertEquals("garbage in the dead set", seen.get(0).batchId());
            assertEquals(FinishedTasks.Outcome.FAILED, seen.get(0).outcome());
            assertTrue(seen.get(0).error() != null && !seen.get(0).error().isEmpty(), seen.toString());
            assertEquals(ok.batchId(), seen.get(1).batchId());
            assertEquals(List.of(ok.id()), seen.get(1).taskIds());

            // P:done of another type: an empty page, not an error, until the next fetch replaces it
            app.close();
            redis.del(prefix + ":done");
            redis.set(prefix + ":done", "someone else's string");
            try (ApplicationContext reader = RedisApps.submitterOnly(server.uri(), prefix)) {
                KeysetPage<FinishedBatch> succeeded = reader.getBean(FinishedTasks.class)
                    .recent(FinishedTasks.Outcome.SUCCEEDED, null, 10);
                assertEquals(List.of(), succeeded.items());
                assertNull(succeeded.next());
            }
        } finally {
            if (app.isRunning()) {
                app.close();
            }
        }
    }
}
