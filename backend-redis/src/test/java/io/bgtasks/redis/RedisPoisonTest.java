package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage written straight into the queue (a batch hash with a payload no worker can run, or none) is dead-lettered
 * with its reason, without retries, and the worker keeps processing good tasks. Damage to the storage itself (keys of
 * another type, counters that are not numbers) is {@link RedisDamagedStorageTest}'s.
 */
class RedisPoisonTest {
    private static final String RECORD = ContractTasks.class.getName() + "#record";
    private static final String FLAKY = ContractTasks.class.getName() + "#flaky";

    @Test
    void poisonIsDeadLetteredWithItsReasonAndGoodTasksStillRun() throws Exception {
        String prefix = TestRedis.freshPrefix("poison");
        try (TestRedis server = TestRedis.start();
             UnifiedJedis redis = RedisClient.create(server.uri());
             ApplicationContext app = RedisApps.worker(server.uri(), prefix)) {
            RedisKeys keys = app.getBean(RedisKeys.class);
            Map<String, String> reasons = Map.of(
                poison(redis, keys, null), "no payload is stored",
                poison(redis, keys, "this is not json"), "payload is not valid JSON",
                poison(redis, keys, "[{\"x\":1}]"), "needs a task name",
                poison(redis, keys, "[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]"), "unknown task 'com.example.Gadget#run'",
                poison(redis, keys, "[{\"n\":\"" + RECORD + "\",\"a\":[\"only-one\"]}]"), "must be a JSON array of 2 values",
                poison(redis, keys, "[{\"n\":\"" + FLAKY + "\",\"a\":[\"k\",\"l\",\"not a number\"]}]"), "argument 3");
            redis.zadd(keys.marker, 0, "m"); // wake an idle worker, as enqueue.lua does

            String key = "poison-" + UUID.randomUUID();
            app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, key, "good"));
            assertEquals(List.of("good"), Journal.await(key, Duration.ofSeconds(30), l -> l.contains("good")),
                "the worker kept going");

            assertTrue(app.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));

            Map<String, DeadLetter> letters = app.getBean(DeadLetters.class).list(0, 100).stream()
                .collect(Collectors.toMap(DeadLetter::batchId, l -> l));
            assertEquals(reasons.size(), letters.size(), letters.toString());
            reasons.forEach((id, reason) -> {
                DeadLetter letter = letters.get(id);
                assertTrue(letter != null && letter.error().contains(reason), id + " should be dead with '" + reason + "': " + letter);
                assertTrue(letter.attempts() <= 1, "poison is not retried: " + letter);
            });
        }
    }

    /** Queues a batch id whose hash holds {@code payload} (none at all when null), as a raw write would. */
    private static String poison(UnifiedJedis redis, RedisKeys keys, String payload) {
        String id = UUID.randomUUID().toString();
        if (payload != null) {
            redis.hset(keys.batch(id), Map.of("p", payload, "c", Long.toString(System.currentTimeMillis())));
        }
        redis.rpush(keys.wait, id);
        return id;
    }
}
