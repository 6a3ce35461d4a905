package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Redis keeps of finished batches, with a real worker: a succeeded batch's record loses its payload but the status
 * API still shows every step; succeeded statuses and dead letters are bounded by age and by count, pruned by the
 * workers; a batch submitted with an idempotency key is not stored again within its window, even after its status was
 * deleted.
 */
class RedisRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestRedis server;
    private static UnifiedJedis redis;
    private final List<ApplicationContext> contexts = new ArrayList<>();
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
    void stopContexts() {
        contexts.forEach(ApplicationContext::close);
    }

    /** A worker running one batch at a time (so batches finish in the order they were submitted) on a fresh prefix. */
    private ApplicationContext worker(String... extra) {
        prefix = prefix == null ? TestRedis.freshPrefix("keep") : prefix;
        List<String> p = new ArrayList<>(List.of("bgtasks.worker.concurrency", "1", "bgtasks.redis.idle-poll", "100ms"));
        p.addAll(List.of(extra));
        ApplicationContext context = RedisApps.worker(server.uri(), prefix, p.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }

    private String batchKey(String batchId) {
        return prefix + ":b:" + batchId;
    }

    private void awaitSucceeded(String batchId) throws InterruptedException {
        eventually("batch " + batchId + " acknowledged", () -> "ok".equals(redis.hget(batchKey(batchId), "s")));
    }

    @Test
    void aSucceededBatchKeepsWhatTheStatusApiShowsButNotItsPayload() throws Exception {
        ApplicationContext app = worker();
        String journal = "j-" + UUID.randomUUID();
        List<TaskHandle> handles = app.getBean(TaskSubmitter.class).submit(t -> {
            t.addTask(ContractTasks::record, journal, "first " + "x".repeat(500));
            t.addTask(ContractTasks::record, journal, "second");
        });
        String batch = handles.get(0).batchId();
        awaitSucceeded(batch);

        Map<String, String> record = redis.hgetAll(batchKey(batch));
        assertFalse(record.containsKey("p"), "the payload is gone: " + record.keySet());
        assertEquals(Set.of("c", "s", "k", "n", "st", "ft", "h", "m"), record.keySet(), "what is kept: " + record);
        // a compact hash again (Redis keeps a hash that once held a long value in its larger encoding after HDEL)
        assertEquals("listpack", redis.objectEncoding(batchKey(batch)));
        assertTrue(redis.memoryUsage(batchKey(batch)) < 300, "a lean record, " + redis.memoryUsage(batchKey(batch))
            + " bytes, below its 500-character argument alone");
        assertTrue(redis.pttl(batchKey(batch)) > 0, "it still expires with status-retention");

        TaskStatusQuery statuses = app.getBean(TaskStatusQuery.class);
        for (TaskHandle handle : handles) {
            TaskStatus status = statuses.find(handle.id()).orElseThrow();
            assertEquals(ContractTasks.class.getName() + "#record", status.name(), handle.id());
            assertEquals(TaskState.SUCCEEDED, status.state(), handle.id());
            assertEquals(1, status.attempts(), handle.id());
            assertNotNull(status.createdAt(), handle.id());
            assertNotNull(status.startedAt(), handle.id());
            assertNotNull(status.finishedAt(), handle.id());
            assertFalse(status.finishedAt().isBefore(status.startedAt()), handle.id());
        }
        assertEquals(Optional.empty(), statuses.find(batch + ".2"), "a step the batch never had");

        // steps of different classes: each keeps its own name
        List<TaskHandle> mixed = app.getBean(TaskSubmitter.class).submit(t -> {
            t.addTask(ContractTasks::record, journal, "one");
            t.addTask(RetryTasks::flaky, "k-" + UUID.randomUUID(), 0);
            t.addTask(ContractTasks::record, journal, "three");
            t.addTask(ContractTasks::record, journal, "four");
        });
        awaitSucceeded(mixed.get(0).batchId());
        assertFalse(redis.hexists(batchKey(mixed.get(0).batchId()), "p"));
        List<String> names = new ArrayList<>();
        for (TaskHandle handle : mixed) {
            TaskStatus status = statuses.find(handle.id()).orElseThrow();
            assertEquals(TaskState.SUCCEEDED, status.state(), handle.id());
            names.add(status.name());
        }
        assertEquals(mixed.stream().map(TaskHandle::name).toList(), names);
    }

    @Test
    void aDeadLetterKeepsItsPayloadAndCanBeRequeued() throws Exception {
        ApplicationContext app = worker("bgtasks.retry.max-attempts", "1");
        String journal = "j-" + UUID.randomUUID();
        String batch = app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::failUntilReleased, journal, "late"))
            .get(0).batchId();
        DeadLetters dead = app.getBean(DeadLetters.class);
        eventually("dead-lettered", () -> dead.count() == 1);
        assertNotNull(redis.hget(batchKey(batch), "p"), "a dead letter keeps its payload");
        Journal.release(journal);
        assertTrue(dead.requeue(batch));
        Journal.await(journal, WAIT, labels -> labels.contains("late"));
        awaitSucceeded(batch);
        assertEquals(TaskState.SUCCEEDED, app.getBean(TaskStatusQuery.class).find(batch + ".0").orElseThrow().state());
    }

    @Test
    void beyondTheCountBoundTheOldestSucceededStatusesAreDeleted() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.status-max-succeeded", "5", "bgtasks.retry.max-attempts", "1");
        String journal = "j-" + UUID.randomUUID();
        TaskSubmitter submitter = app.getBean(TaskSubmitter.class);
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            batches.add(submitter.submit(t -> t.addTask(ContractTasks::record, journal, "task-" + n)).get(0).batchId());
            awaitSucceeded(batches.get(i)); // one at a time: they finish in this order
        }
        String dead = submitter.submit(t -> t.addTask(ContractTasks::fail, journal, "doomed")).get(0).batchId();
        assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT));
        eventually("the dead letter is listed", () -> app.getBean(DeadLetters.class).count() == 1);

        TaskStatusQuery statuses = app.getBean(TaskStatusQuery.class);
        for (int i = 0; i < 20; i++) {
            Optional<TaskStatus> status = statuses.find(batches.get(i) + ".0");
            assertEquals(i >= 15, status.isPresent(), "batch " + i + ": only the 5 newest statuses are kept");
            assertEquals(i >= 15, redis.exists(batchKey(batches.get(i))), "batch " + i + "'s key");
        }
        assertEquals(5, redis.zcard(prefix + ":done"));
        assertEquals(java.util.Set.copyOf(batches.subList(15, 20)), java.util.Set.copyOf(redis.zrange(prefix + ":done", 0, -1)));
        assertEquals(TaskState.FAILED, statuses.find(dead + ".0").orElseThrow().state(),
            "a dead batch is not a succeeded status: the bound leaves it alone");
    }

    @Test
    void afterTheStatusRetentionSucceededStatusesAndTheirIdsAreGone() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.status-retention", "1s");
        String journal = "j-" + UUID.randomUUID();
        TaskSubmitter submitter = app.getBean(TaskSubmitter.class);
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            batches.add(submitter.submit(t -> t.addTask(ContractTasks::record, journal, "task-" + n)).get(0).batchId());
        }
        for (String batch : batches) {
            awaitSucceeded(batch);
        }
        assertEquals(3, redis.zcard(prefix + ":done"));
        Thread.sleep(1200);
        for (String batch : batches) {
            assertEquals(Optional.empty(), app.getBean(TaskStatusQuery.class).find(batch + ".0"));
        }
        // the idle worker's fetches take the expired ids off the list
        eventually("the finished index is empty", () -> redis.zcard(prefix + ":done") == 0);
    }

    @Test
    void aKeyedBatchIsNotStoredAgainWithinItsWindowAfterItsStatusWasDeleted() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.status-retention", "300ms", "bgtasks.redis.idempotency-window", "1h");
        String journal = "j-" + UUID.randomUUID();
        TaskSubmitter submitter = app.getBean(TaskSubmitter.class);
        String key = "order-" + UUID.randomUUID();
        String batch = submitter.submit(key, t -> t.addTask(ContractTasks::record, journal, "once")).get(0).batchId();
        awaitSucceeded(batch);
        eventually("the status record expired", () -> !redis.exists(batchKey(batch)));
        long ttl = redis.pttl(prefix + ":i:" + batch);
        assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "the window key lives for the window: " + ttl + " ms");

        // the same request again: accepted (same ids), but not stored, not run
        assertEquals(batch, submitter.submit(key, t -> t.addTask(ContractTasks::record, journal, "once")).get(0).batchId());
        assertFalse(redis.exists(batchKey(batch)), "not stored again");
        submitter.submit(t -> t.addTask(ContractTasks::record, journal, "after")); // a marker that the worker got this far
        Journal.await(journal, WAIT, labels -> labels.contains("after"));
        assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT));
        assertEquals(List.of("once", "after"), Journal.labels(journal));

        // batches with random ids need no window and get no key
        List<String> windows = new ArrayList<>();
        for (String cursor = ScanParams.SCAN_POINTER_START; ; ) {
            var page = redis.scan(cursor, new ScanParams().match(prefix + ":i:*").count(1000));
            windows.addAll(page.getResult());
            cursor = page.getCursor();
            if (cursor.equals(ScanParams.SCAN_POINTER_START)) {
                break;
            }
        }
        assertEquals(List.of(prefix + ":i:" + batch), windows);
    }

    @Test
    void afterItsWindowAKeyedBatchRunsAgain() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.status-retention", "200ms", "bgtasks.redis.idempotency-window", "800ms");
        String journal = "j-" + UUID.randomUUID();
        TaskSubmitter submitter = app.getBean(TaskSubmitter.class);
        String key = "event-" + UUID.randomUUID();
        String batch = submitter.submit(key, t -> t.addTask(ContractTasks::record, journal, "run")).get(0).batchId();
        awaitSucceeded(batch);
        eventually("the status record expired", () -> !redis.exists(batchKey(batch)));
        submitter.submit(key, t -> t.addTask(ContractTasks::record, journal, "run")); // within the window: skipped
        eventually("the window ended", () -> !redis.exists(prefix + ":i:" + batch));
        submitter.submit(key, t -> t.addTask(ContractTasks::record, journal, "run"));
        Journal.await(journal, WAIT, labels -> labels.size() >= 2);
        assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT));
        assertEquals(List.of("run", "run"), Journal.labels(journal), "once per window");
    }

    @Test
    void deadLettersBeyondTheCountBoundAreDeletedOldestFirst() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.dead-letter-max", "3");
        String journal = "j-" + UUID.randomUUID();
        TaskSubmitter submitter = app.getBean(TaskSubmitter.class);
        DeadLetters dead = app.getBean(DeadLetters.class);
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            batches.add(submitter.submit(t -> t.addTask(ContractTasks::fail, journal, "doomed-" + n)).get(0).batchId());
            String id = batches.get(i);
            // one at a time: they die in this order (a new letter is pruned by the next fetch, which the next submission
            // wakes up)
            eventually("dead letter " + n, () -> redis.zscore(prefix + ":dead", id) != null || !redis.exists(batchKey(id)));
        }
        eventually("three dead letters are left", () -> dead.count() == 3);
        assertEquals(batches.subList(3, 6).reversed(), dead.list(0, 10).stream().map(DeadLetter::batchId).toList(),
            "the newest three, newest first");
        for (int i = 0; i < 3; i++) {
            assertFalse(redis.exists(batchKey(batches.get(i))), "the pruned letter's batch key is deleted too");
        }
    }

    @Test
    void deadLettersOlderThanTheirRetentionAreDeleted() throws Exception {
        ApplicationContext app = worker("bgtasks.redis.dead-letter-retention", "1s");
        String journal = "j-" + UUID.randomUUID();
        DeadLetters dead = app.getBean(DeadLetters.class);
        String batch = app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::fail, journal, "doomed"))
            .get(0).batchId();
        eventually("dead-lettered", () -> redis.zscore(prefix + ":dead", batch) != null);
        long died = System.currentTimeMillis();
        eventually("the dead letter is deleted", () -> dead.count() == 0);
        assertTrue(System.currentTimeMillis() - died >= 800, "not before its retention");
        assertFalse(redis.exists(batchKey(batch)));
    }

    @Test
    void aFinishedListOfAnotherTypeIsReplacedAndTheWorkersGoOn() throws Exception {
        prefix = TestRedis.freshPrefix("keep");
        redis.set(prefix + ":done", "someone else's string");
        ApplicationContext app = worker();
        String journal = "j-" + UUID.randomUUID();
        String batch = app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, journal, "ran"))
            .get(0).batchId();
        Journal.await(journal, WAIT, labels -> labels.contains("ran"));
        awaitSucceeded(batch);
        eventually("the index holds the batch", () -> "zset".equals(redis.type(prefix + ":done"))
            && redis.zrange(prefix + ":done", 0, -1).equals(List.of(batch)));
    }

    @Test
    void impossibleBoundsStopStartUp() {
        for (String[] bad : List.of(new String[]{"bgtasks.redis.status-max-succeeded", "0"},
            new String[]{"bgtasks.redis.dead-letter-max", "-1"}, new String[]{"bgtasks.redis.dead-letter-retention", "0s"},
            new String[]{"bgtasks.redis.idempotency-window", "-1s"})) {
            Exception e = assertThrows(Exception.class, () -> RedisApps.submitterOnly(server.uri(),
                TestRedis.freshPrefix("bad"), bad).close(), bad[0]);
            Throwable cause = e;
            while (cause != null && !(cause instanceof ConfigurationException)) {
                cause = cause.getCause();
            }
            assertNotNull(cause, bad[0] + ": " + e);
            assertTrue(cause.getMessage().contains("invalid " + bad[0] + "="), cause.getMessage());
        }
    }
}
