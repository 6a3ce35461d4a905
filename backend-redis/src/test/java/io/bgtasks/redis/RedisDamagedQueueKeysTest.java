package io.bgtasks.redis;

import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue's own keys damaged by someone else (the wait list, the due-time set, the wake-up marker or the
 * dead-letter set holding another type; entries that are not batch ids; a running batch's key replaced), written with plain Redis commands
 * while a real worker runs. What must hold: a refused enqueue stored nothing and says which key to repair, an accepted
 * one runs; nothing already stored is lost while the damage lasts; once repaired, the workers go on by themselves.
 */
class RedisDamagedQueueKeysTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestRedis server;
    private static UnifiedJedis redis;
    private ApplicationContext context;
    private String prefix;

    @BeforeAll
    static void startRedis() {
        server = TestRedis.start();
        redis = RedisClient.create(server.uri());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @AfterEach
    void stopWorker() {
        if (context != null) {
            context.close();
        }
    }

    /** A worker on a key prefix of its own, with a short lease so that a lost outcome comes back soon. */
    private void startWorker() {
        prefix = "{keys-" + UUID.randomUUID().toString().substring(0, 8) + "}";
        context = ApplicationContext.run(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", server.uri(),
            "bgtasks.redis.prefix", prefix, "bgtasks.redis.lease", "1s", "bgtasks.worker.concurrency", "4"));
    }

    private TaskSubmitter submitter() {
        return context.getBean(TaskSubmitter.class);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void aWaitListOfAnotherTypeRefusesNewBatchesStoresNothingAndLosesNoDueRetry() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        // a retry that comes due while the wait list is broken: before, it left the retry set and was never queued
        String retry = TaskIds.next();
        redis.hset(prefix + ":b:" + retry, Map.of("p", "[{\"n\":\"" + ContractTasks.class.getName()
            + "#record\",\"a\":[\"" + journal + "\",\"retried\"]}]", "c", "1", "s", "d", "n", "1"));
        redis.set(prefix + ":wait", "someone else's string");
        redis.zadd(prefix + ":delayed", System.currentTimeMillis() + 200, retry);

        TaskSinkUnavailableException refused = assertThrows(TaskSinkUnavailableException.class,
            () -> submitter().submit("order-42", t -> t.addTask(ContractTasks::record, journal, "accepted")));
        assertTrue(refused.getMessage().contains(prefix + ":wait") && refused.getMessage().contains("holds a string"),
            "the error names the key and what it holds: " + refused.getMessage());
        assertFalse(redis.exists(prefix + ":b:" + TaskIds.fromKey("order-42")), "a refused batch left no hash behind");

        Thread.sleep(1500); // the retry is due now; the workers must leave it where it is
        assertEquals(1, redis.zcard(prefix + ":delayed"), "the due retry is still in the retry set");
        assertEquals("someone else's string", redis.get(prefix + ":wait"), "the damaged key is left for its owner");

        redis.del(prefix + ":wait");
        // the client's retry of the same request is stored and queued this time, not answered "already stored"
        submitter().submit("order-42", t -> t.addTask(ContractTasks::record, journal, "accepted"));
        List<String> ran = Journal.await(journal, WAIT, labels -> labels.containsAll(List.of("accepted", "retried")));
        assertEquals(2, ran.size(), "each ran once: " + ran);
    }

    @Test
    void aDueTimeSetOfAnotherTypeRefusesDelayedBatchesAndABulkCallStoresNoneOfItsBatches() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        redis.set(prefix + ":delayed", "someone else's string");
        for (List<String> labels : List.of(List.of("later"), List.of("now", "later", "now too"))) {
            TaskSinkUnavailableException refused = assertThrows(TaskSinkUnavailableException.class,
                () -> submitter().submitAll(labels, (label, t) -> {
                    if (label.equals("later")) {
                        t.startIn(Duration.ofMillis(300));
                    }
                    t.addTask(ContractTasks::record, journal, label);
                }));
            assertTrue(refused.getMessage().contains(prefix + ":delayed") && refused.getMessage().contains("holds a string")
                && refused.getMessage().contains("nothing was stored"), refused.getMessage());
        }
        assertEquals(0, redis.llen(prefix + ":wait"), "the immediate batches of the refused call were not queued");
        assertTrue(redis.keys(prefix + ":b:*").isEmpty(), "a refused call left no hash behind");

        redis.del(prefix + ":delayed");
        submitter().submitAll(List.of("now", "later"), (label, t) -> {
            if (label.equals("later")) {
                t.startIn(Duration.ofMillis(300));
            }
            t.addTask(ContractTasks::record, journal, label);
        });
        assertEquals(List.of("now", "later"), Journal.await(journal, WAIT, labels -> labels.size() >= 2));
    }

    @Test
    void aWakeUpMarkerOfAnotherTypeIsReplacedAndEveryAcceptedBatchRuns() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        redis.set(prefix + ":marker", "not a sorted set");
        for (int i = 0; i < 5; i++) {
            int n = i;
            submitter().submit(t -> t.addTask(ContractTasks::record, journal, "task-" + n)); // accepted: no exception
        }
        List<String> ran = Journal.await(journal, WAIT, labels -> labels.size() >= 5);
        assertEquals(5, ran.size(), "every accepted batch ran once: " + ran);
        eventually("the marker is a sorted set again, or gone", () -> List.of("zset", "none").contains(redis.type(prefix + ":marker")));
    }

    @Test
    void aDeadLetterSetOfAnotherTypeKeepsTheFailingBatchUntilRepairedThenDeadLettersIt() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        String batch = submitter().submit(t -> {
            t.addTask(ContractTasks::sleep, journal, "slow", 1500L);
            t.addTask(ContractTasks::fail, journal, "doomed");
        }).get(0).batchId();
        Journal.await(journal, WAIT, labels -> labels.contains("slow:start"));
        redis.set(prefix + ":dead", "not a sorted set");
        Journal.await(journal, WAIT, labels -> labels.contains("doomed!"));
        submitter().submit(t -> t.addTask(ContractTasks::record, journal, "good")); // stored, waits for the repair

        // the failed batch's outcome could not be recorded (before, it was silently dropped), and fetches fail: the
        // fetcher backs off instead of spinning
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fetcher = context.getBean(RedisWorker.class).fetcher().threadId();
        long cpuBefore = threads.getThreadCpuTime(fetcher);
        Thread.sleep(2500);
        long cpuMillis = (threads.getThreadCpuTime(fetcher) - cpuBefore) / 1_000_000;
        assertTrue(cpuMillis < 250, "the fetcher used " + cpuMillis + " ms of CPU in 2.5 s while the dead set was damaged");
        assertTrue(redis.lpos(prefix + ":wait", batch) != null || redis.zscore(prefix + ":active", batch) != null,
            "the batch is still queued or leased, not lost");
        assertFalse(Journal.labels(journal).contains("good"), "the workers pause while a queue key is damaged");

        redis.del(prefix + ":dead");
        Journal.await(journal, WAIT, labels -> labels.contains("good"));
        DeadLetters dead = context.getBean(DeadLetters.class);
        eventually("the batch is dead-lettered", () -> dead.list(0, 10).stream().anyMatch(l -> l.batchId().equals(batch)));
        DeadLetter letter = dead.list(0, 10).get(0);
        assertTrue(letter.error().contains("doomed") || letter.error().contains("attempts allowed"), letter.error());
    }

    @Test
    void entriesThatAreNotBatchIdsAreDeadLetteredUnderAnIdDerivedFromTheirBytes() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 'a'};
        redis.rpush((prefix + ":wait").getBytes(StandardCharsets.UTF_8), notUtf8);
        redis.rpush(prefix + ":wait", "hello");
        redis.zadd(prefix + ":delayed", System.currentTimeMillis(), "due-but-no-id");
        redis.zadd(prefix + ":active", 1, "expired-but-no-id");
        for (int i = 0; i < 5; i++) {
            int n = i;
            submitter().submit(t -> t.addTask(ContractTasks::record, journal, "good-" + n));
        }
        Journal.await(journal, WAIT, labels -> labels.size() >= 5);

        DeadLetters dead = context.getBean(DeadLetters.class);
        eventually("four dead letters", () -> dead.count() == 4);
        List<DeadLetter> letters = dead.list(0, 10);
        for (DeadLetter letter : letters) {
            assertTrue(TaskIds.isBatchId(letter.batchId()), "listed under a batch id: " + letter.batchId());
            assertTrue(letter.error().contains("is not a batch id"), letter.error());
        }
        assertTrue(letters.stream().anyMatch(l -> l.error().contains("wait list") && l.error().contains("fffe61")),
            "the bytes that are not UTF-8 are shown in hex: " + letters);
        for (String where : List.of("retry set", "lease set")) {
            assertTrue(letters.stream().anyMatch(l -> l.error().contains(where)), where + ": " + letters);
        }
        // the good batches leave the lease set when their acknowledgement lands, which may be just after their last line
        eventually("nothing is left to cycle",
            () -> redis.llen(prefix + ":wait") + redis.zcard(prefix + ":delayed") + redis.zcard(prefix + ":active") == 0);
        // the operator can delete them through the API like any dead letter
        for (DeadLetter letter : letters) {
            assertTrue(dead.delete(letter.batchId()), "deleted " + letter.batchId());
        }
        assertEquals(0, dead.count());
        assertEquals(5, Journal.labels(journal).size(), "no good task ran twice: " + Journal.labels(journal));
    }

    @Test
    void aRunningBatchWhoseKeyIsReplacedIsDeadLetteredAfterItsLeaseAndTheWorkerGoesOn() throws Exception {
        startWorker();
        String journal = "j-" + UUID.randomUUID();
        String twoSteps = submitter().submit(t -> {
            t.addTask(ContractTasks::sleep, journal, "first", 800L);
            t.addTask(ContractTasks::record, journal, "second");
        }).get(0).batchId();
        String lastStep = submitter().submit(t -> t.addTask(ContractTasks::sleep, journal, "only", 800L)).get(0).batchId();
        Journal.await(journal, WAIT, labels -> labels.containsAll(List.of("first:start", "only:start")));
        for (String id : List.of(twoSteps, lastStep)) {
            redis.del(prefix + ":b:" + id);
            redis.rpush(prefix + ":b:" + id, "someone", "else's", "list");
        }

        // the worker keeps fetching: later tasks run although both acknowledgement and checkpoint met the damage
        for (int i = 0; i < 3; i++) {
            int n = i;
            submitter().submit(t -> t.addTask(ContractTasks::record, journal, "after-" + n));
        }
        Journal.await(journal, WAIT, labels -> labels.containsAll(List.of("after-0", "after-1", "after-2")));

        DeadLetters dead = context.getBean(DeadLetters.class);
        eventually("the two-step batch is dead-lettered after its lease",
            () -> dead.list(0, 10).stream().anyMatch(l -> l.batchId().equals(twoSteps)));
        DeadLetter letter = dead.list(0, 10).stream().filter(l -> l.batchId().equals(twoSteps)).findFirst().orElseThrow();
        assertTrue(letter.error().contains("holds a list, not a hash"), letter.error());
        assertFalse(Journal.labels(journal).contains("second"), "the step after the damage never ran");
        eventually("no lease is left to expire again", () -> redis.zcard(prefix + ":active") == 0);
        assertEquals(1, Journal.labels(journal).stream().filter("only"::equals).count(), "the finished one ran once");

        TaskStatus status = context.getBean(TaskStatusQuery.class).find(TaskIds.taskId(twoSteps, 0)).orElseThrow();
        assertEquals(TaskState.FAILED, status.state(), "its status says it failed, rather than the request failing");
    }
}
