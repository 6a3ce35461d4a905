package io.bgtasks.redis;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.TaskIds;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage someone else damaged (an operator's mistake, a migration, another program on the same Redis), written with
 * plain Redis commands between good tasks while a real worker runs: each damaged batch is dead-lettered with its
 * reason, no good task fetched with it is lost, the dead-letter API still lists everything, and the worker goes on.
 */
class RedisDamagedStorageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GOOD_PAYLOAD = "[{\"n\":\"" + ContractTasks.class.getName() + "#record\",\"a\":[\"%s\",\"%s\"]}]";
    private static TestRedis server;
    private static ApplicationContext context;
    private static UnifiedJedis redis;
    private static String prefix;

    @BeforeAll
    static void start() {
        server = TestRedis.start();
        prefix = "{damaged-" + UUID.randomUUID().toString().substring(0, 8) + "}";
        context = ApplicationContext.run(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", server.uri(),
            "bgtasks.redis.prefix", prefix, "bgtasks.redis.fetch-batch", "50", "bgtasks.worker.concurrency", "4"));
        redis = RedisClient.create(server.uri());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Stores a queued batch's hash with the given fields changed (or replaces its key), as a raw write would. */
    private static String queued(String journalKey, Function<String, Map<String, String>> fields) {
        String id = TaskIds.next();
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("p", GOOD_PAYLOAD.formatted(journalKey, "damaged-" + id));
        hash.put("c", Long.toString(System.currentTimeMillis()));
        hash.put("s", "q");
        hash.putAll(fields.apply(id));
        redis.hset(prefix + ":b:" + id, hash);
        redis.rpush(prefix + ":wait", id);
        return id;
    }

    private static List<TaskHandle> good(String journalKey, String label) {
        return context.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, journalKey, label));
    }

    @Test
    void eachDamagedBatchIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItRun() throws Exception {
        String journal = "j-" + UUID.randomUUID();
        List<String> expectedGood = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                good(journal, "good-" + round + "-" + i);
                expectedGood.add("good-" + round + "-" + i);
            }
            reasons.put(queued(journal, id -> Map.of("k", "abc")), "checkpoint 'abc' is not a step number");
            reasons.put(queued(journal, id -> Map.of("k", "2.5")), "checkpoint '2.5' is not a step number");
            reasons.put(queued(journal, id -> Map.of("k", "-1")), "checkpoint '-1' is not a step number");
            reasons.put(queued(journal, id -> Map.of("n", "abc")), "attempt count 'abc' is not a whole number");
            reasons.put(queued(journal, id -> Map.of("n", "2.5")), "attempt count '2.5' is not a whole number");
            reasons.put(queued(journal, id -> Map.of("n", "inf")), "attempt count 'inf' is not a whole number");
            // the batch key holds another type: a list, a string
            String listed = TaskIds.next();
            redis.rpush(prefix + ":b:" + listed, "not", "a", "hash");
            redis.rpush(prefix + ":wait", listed);
            reasons.put(listed, "the batch key holds a list, not a hash");
            String text = TaskIds.next();
            redis.set(prefix + ":b:" + text, "not a hash");
            redis.rpush(prefix + ":wait", text);
            reasons.put(text, "the batch key holds a string, not a hash");
            // a retry due at +inf: before, every fetch failed to read the next due time and the worker stalled
            String never = queued(journal, id -> Map.of("s", "d"));
            redis.lrem(prefix + ":wait", 0, never);
            redis.zadd(prefix + ":delayed", Double.POSITIVE_INFINITY, never);
            reasons.put(never, "retry due time stored for it is +inf");
            redis.zadd(prefix + ":marker", 0, "m");
        }
        for (int i = 0; i < 5; i++) {
            good(journal, "after-" + i);
            expectedGood.add("after-" + i);
        }

        List<String> ran = Journal.await(journal, WAIT, labels -> labels.containsAll(expectedGood));
        assertTrue(ran.containsAll(expectedGood), "every good task ran: " + ran);
        assertTrue(ran.stream().noneMatch(label -> label.startsWith("damaged-")), "no damaged batch ran: " + ran);

        DeadLetters deadLetters = context.getBean(DeadLetters.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (deadLetters.count() < reasons.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Map<String, DeadLetter> letters = deadLetters.list(0, 1000).stream()
            .collect(Collectors.toMap(DeadLetter::batchId, l -> l));
        assertEquals(reasons.size(), letters.size(), "dead letters: " + letters.keySet());
        reasons.forEach((id, reason) -> {
            DeadLetter letter = letters.get(id);
            assertTrue(letter != null && letter.error().contains(reason), id + " should be dead with '" + reason + "': " + letter);
        });

        // the worker is alive and fetching: one more good task runs
        String after = "j-" + UUID.randomUUID();
        good(after, "last");
        assertEquals(List.of("last"), Journal.await(after, WAIT, labels -> labels.contains("last")));
        assertEquals(0, redis.zcard(prefix + ":delayed"), "no retry due at +inf is left behind");
    }

    @Test
    void aDamagedTraceOrReadyTimeIsIgnoredAndTheBatchRuns() throws Exception {
        String journal = "j-" + UUID.randomUUID();
        String valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<String> ids = new ArrayList<>();
        ids.add(queued(journal, id -> Map.of("t", "garbage")));
        ids.add(queued(journal, id -> Map.of("t", valid.substring(0, 20))));
        ids.add(queued(journal, id -> Map.of("t", valid + " " + "x".repeat(20_000))));
        ids.add(queued(journal, id -> Map.of("t", "")));
        ids.add(queued(journal, id -> Map.of("c", "abc", "na", "-inf")));
        ids.add(queued(journal, id -> Map.of("c", "1e400", "t", valid + " \n")));
        // bytes that are not UTF-8: written before the batch is queued, so that no fetch sees it without them
        String bytes = TaskIds.next();
        redis.hset(prefix + ":b:" + bytes, Map.of("p", GOOD_PAYLOAD.formatted(journal, "damaged-" + bytes),
            "c", Long.toString(System.currentTimeMillis()), "s", "q"));
        redis.hset((prefix + ":b:" + bytes).getBytes(StandardCharsets.UTF_8), "t".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        redis.rpush(prefix + ":wait", bytes);
        ids.add(bytes);
        redis.zadd(prefix + ":marker", 0, "m");

        List<String> expected = ids.stream().map(id -> "damaged-" + id).toList();
        List<String> ran = Journal.await(journal, WAIT, labels -> labels.containsAll(expected));
        assertTrue(ran.containsAll(expected), "each batch ran despite its trace or ready time: " + ran);
    }
}
