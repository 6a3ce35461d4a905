package io.bgtasks.redis;

import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million finished batches, written straight into Redis in the backend's own format (a lean record and its entry in
 * {@code P:done}, pipelined), then the listing's first page and a page after a cursor near the end: each answers
 * within a generous bound, and the script's work does not grow with the depth (Redis's own command statistics: one
 * rank lookup and one range of a page, where an offset would walk the whole set).
 */
class RedisFinishedTasksScaleTest {
    private static final int COUNT = 1_000_000;
    private static final int PAGE = 50;
    private static final long BOUND_MS = 500;
    private static TestRedis server;
    private static UnifiedJedis redis;
    private static String prefix;
    private static final List<String> ids = new ArrayList<>(COUNT);
    private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @BeforeAll
    static void writeAMillionFinishedBatches() {
        server = TestRedis.start();
        redis = RedisClient.create(server.uri());
        prefix = TestRedis.freshPrefix("scale");
        long started = System.nanoTime();
        Map<String, Double> zadd = new HashMap<>();
        try (AbstractPipeline pipe = redis.pipelined()) {
            for (int i = 0; i < COUNT; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                // four batches per ms, so that ties of the score are paged by member too
                long ft = BASE + i / 4;
                pipe.hset(prefix + ":b:" + id, Map.of("s", "ok", "c", Long.toString(ft - 5), "k", "0", "n", "1",
                    "st", Long.toString(ft - 2), "ft", Long.toString(ft), "m", "io.bgtasks.redis.ScaleTasks#run"));
                // the records expire by themselves after the test, as retained statuses do
                pipe.pexpire(prefix + ":b:" + id, 600_000);
                zadd.put(id, (double) ft);
                if (zadd.size() == 1000) {
                    pipe.zadd(prefix + ":done", zadd);
                    zadd = new HashMap<>();
                }
                if (i % 10_000 == 9_999) {
                    pipe.sync();
                }
            }
            pipe.sync();
        }
        assertEquals(COUNT, redis.zcard(prefix + ":done"));
        System.out.printf("wrote %,d finished batches in %d ms; P:done uses %,d bytes (%.1f per entry)%n", COUNT,
            (System.nanoTime() - started) / 1_000_000, redis.memoryUsage(prefix + ":done"),
            redis.memoryUsage(prefix + ":done") / (double) COUNT);
    }

    @AfterAll
    static void stop() {
        redis.del(prefix + ":done");
        redis.close();
        server.close();
    }

    @Test
    void theFirstPageAndADeepPageCostTheSame() {
        // a process that only reads: no worker, so no fetch prunes the million down to the count bound
        try (ApplicationContext app = RedisApps.submitterOnly(server.uri(), prefix)) {
            FinishedTasks finished = app.getBean(FinishedTasks.class);
            finished.recent(FinishedTasks.Outcome.SUCCEEDED, null, PAGE); // loads the script

            List<String> newest = redis.zrevrange(prefix + ":done", 0, PAGE - 1);
            Map<String, long[]> before = commandStats();
            long firstMs = timed(() -> {
                KeysetPage<FinishedBatch> first = finished.recent(FinishedTasks.Outcome.SUCCEEDED, null, PAGE);
                assertEquals(newest, first.items().stream().map(FinishedBatch::batchId).toList(), "the newest first");
            });
            long firstScript = delta(before, commandStats(), "evalsha")[1];

            // a cursor 999,000 entries deep: the page after it must be the next 50 of the set, in order
            int deep = COUNT - 999_000;
            Cursor cursor = new Cursor(Instant.ofEpochMilli(BASE + deep / 4), ids.get(deep));
            long rank = redis.zrevrank(prefix + ":done", ids.get(deep));
            List<String> expected = redis.zrevrange(prefix + ":done", rank + 1, rank + PAGE);
            List<String> got = new ArrayList<>();
            Map<String, long[]> afterFirst = commandStats();
            long deepMs = timed(() -> finished.recent(FinishedTasks.Outcome.SUCCEEDED, cursor.encode(), PAGE).items()
                .forEach(b -> got.add(b.batchId())));
            Map<String, long[]> afterDeep = commandStats();
            assertEquals(expected, got, "the 50 after the cursor");

            System.out.printf("first page %d ms, page 999,000 deep %d ms; script %d µs vs %d µs%n", firstMs, deepMs,
                firstScript, delta(afterFirst, afterDeep, "evalsha")[1]);
            assertTrue(firstMs < BOUND_MS && deepMs < BOUND_MS, firstMs + " ms, " + deepMs + " ms");
            // the deep page made the same calls as the first one: one rank lookup, one range of a page, one read of
            // each listed record; nothing walked the entries before the cursor
            assertEquals(1, delta(afterFirst, afterDeep, "zrange")[0], "one range read");
            assertEquals(1, delta(afterFirst, afterDeep, "zrevrank")[0], "one rank lookup");
            assertEquals(PAGE, delta(afterFirst, afterDeep, "hmget")[0], "one read per listed record");
            long deepScript = delta(afterFirst, afterDeep, "evalsha")[1];
            // what an offset would cost at this depth, measured here so that the bound below is known to be telling
            long offsetUs = usecOf("zrevrangebyscore", () -> redis.zrevrangeByScore(prefix + ":done", "+inf", "-inf", 999_000, PAGE));
            System.out.printf("an offset read at that depth: %d µs%n", offsetUs);
            assertTrue(deepScript * 5 < offsetUs, "the keyset read (" + deepScript + " µs) is far below an offset read ("
                + offsetUs + " µs)");

            // the cursor's own entry gone meanwhile (pruned, requeued): the page starts at its score and skips its ties
            redis.zrem(prefix + ":done", ids.get(deep));
            List<String> again = finished.recent(FinishedTasks.Outcome.SUCCEEDED, cursor.encode(), PAGE).items().stream()
                .map(FinishedBatch::batchId).toList();
            assertEquals(expected, again, "the same page without the cursor's entry");
        }
    }

    private static long timed(Runnable read) {
        long started = System.nanoTime();
        read.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long usecOf(String command, Runnable read) {
        Map<String, long[]> before = commandStats();
        read.run();
        return delta(before, commandStats(), command)[1];
    }

    /** @return command → {calls, usec} from INFO commandstats */
    private static Map<String, long[]> commandStats() {
        Map<String, long[]> stats = new HashMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                long calls = 0;
                long usec = 0;
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    String[] kv = field.split("=");
                    if (kv[0].equals("calls")) {
                        calls = Long.parseLong(kv[1]);
                    } else if (kv[0].equals("usec")) {
                        usec = Long.parseLong(kv[1]);
                    }
                }
                stats.put(name, new long[]{calls, usec});
            }
        }
        return stats;
    }

    private static long[] delta(Map<String, long[]> before, Map<String, long[]> after, String command) {
        long[] a = after.getOrDefault(command, new long[2]);
        long[] b = before.getOrDefault(command, new long[2]);
        return new long[]{a[0] - b[0], a[1] - b[1]};
    }
}
