package io.bgtasks.app.redis;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.ProbeTasks;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.app.support.WorkerProcess;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.bgtasks.app.support.RedisTestKit.await;
import static io.bgtasks.app.support.RedisTestKit.batchOf;
import static io.bgtasks.app.support.RedisTestKit.probe;
import static io.bgtasks.app.support.RedisTestKit.log;
import static io.bgtasks.app.support.RedisTestKit.workerProcess;
import static io.bgtasks.app.support.RedisTestKit.webOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two worker processes (concurrency 8, lease 2 s) drain a backlog of 1,000 tasks queued over HTTP; the busier
 * one is killed with SIGKILL after about 300 have run. Every task runs at least once. The batches the killed
 * worker held leases on at that moment (read from {@code P:active}: at most its concurrency) all run on the
 * survivor; they are the only tasks that may run twice (first on the killed worker, then on the survivor), so
 * duplicates are bounded by the killed worker's concurrency. The survivor never repeats a task.
 */
class RedisDrainTest {
    private static final int TASKS = 1_000;
    private static final int CONCURRENCY = 8;
    private static final int KILL_AFTER_MARKS = 300;
    private static final int CLIENTS = 4;

    @Test
    void everyTaskRunsAndOnlyTheKilledWorkersLeasedTasksRunTwice() throws Exception {
        String uri = RedisServer.uri();
        String prefix = RedisServer.freshPrefix();
        String key = "drain-" + UUID.randomUUID();
        String[] workerProps = {"bgtasks.redis.lease", "2s", "bgtasks.worker.concurrency", Integer.toString(CONCURRENCY)};

        try (UnifiedJedis redis = RedisServer.client();
             EmbeddedServer web = webOnly(uri, prefix);
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            Http http = new Http(web.getURI());
            Map<String, String> labelOfBatch = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<Future<Map<Integer, Integer>>> sent = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                sent.add(clients.submit(() -> {
                    Map<Integer, Integer> statuses = new HashMap<>();
                    for (int i = client; i < TASKS; i += CLIENTS) {
                        Http.Timed r = http.post("/probe/mark", "key", key, "label", "t" + i);
                        statuses.merge(r.status(), 1, Integer::sum);
                        for (String id : r.taskIds()) {
                            labelOfBatch.put(batchOf(id), "t" + i);
                        }
                    }
                    return statuses;
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Map<Integer, Integer>> f : sent) {
                f.get().forEach((status, n) -> statuses.merge(status, n, Integer::sum));
            }
            long queuedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Map.of(202, TASKS), statuses, "every request was accepted");
            assertEquals(TASKS, labelOfBatch.size(), "one batch per request");
            assertEquals(TASKS, redis.llen(prefix + ":wait"), "all queued, none run yet");

            // a backlog, so the workers are busy (leases held) when one dies
            long drainStart = System.nanoTime();
            try (WorkerProcess a = workerProcess(uri, prefix, workerProps);
                 WorkerProcess b = workerProcess(uri, prefix, workerProps)) {
                // kill the worker that has done more so far, once ~300 tasks ran
                await(Duration.ofSeconds(120), () -> redis.llen(ProbeTasks.list(key)) >= KILL_AFTER_MARKS,
                    () -> "only " + redis.llen(ProbeTasks.list(key)) + " tasks ran; logs:\n" + log(a) + "\n" + log(b));
                Map<Long, Integer> before = perWorker(probe(redis, key));
                WorkerProcess killed = before.getOrDefault(a.pid(), 0) >= before.getOrDefault(b.pid(), 0) ? a : b;
                WorkerProcess survivor = killed == a ? b : a;
                killed.kill();
                long killedAtMillis = (System.nanoTime() - drainStart) / 1_000_000;
                int marksAtKill = probe(redis, key).size();
                // its leases outlive it by up to 2 s: the batches it held (running, or done but not acknowledged)
                Set<String> leasedByKilled = new TreeSet<>();
                for (String batch : redis.zrange(prefix + ":active", 0, -1)) {
                    String owner = redis.hget(prefix + ":b:" + batch, "w");
                    if (owner != null && owner.contains(":" + killed.pid() + ":")) {
                        leasedByKilled.add(batch);
                    }
                }

                await(Duration.ofSeconds(60), () -> runs(probe(redis, key)).size() == TASKS,
                    () -> (TASKS - runs(probe(redis, key)).size()) + " tasks never ran");
                long drainedMillis = (System.nanoTime() - drainStart) / 1_000_000;
                await(Duration.ofSeconds(30), () -> redis.llen(prefix + ":wait") + redis.zcard(prefix + ":active") == 0,
                    () -> "batches still queued or leased");
                Thread.sleep(1_000); // a task running twice late would show up now

                List<String> entries = probe(redis, key);
                Map<String, List<Long>> runs = runs(entries);
                Set<String> expected = new TreeSet<>(labelOfBatch.values());
                assertEquals(expected, new TreeSet<>(runs.keySet()), "every task ran, and nothing else did");
                int duplicates = entries.size() - TASKS;
                Set<String> leasedLabels = new TreeSet<>();
                for (String batch : leasedByKilled) {
                    leasedLabels.add(labelOfBatch.get(batch));
                }
                System.out.printf("drain: %d tasks queued over HTTP by %d clients in %d ms; workers started; worker %d killed "
                        + "at %d ms after %d marks (%d by it), holding %d lease(s) %s; all ran by %d ms; runs per worker %s; "
                        + "duplicates %d (limit %d)%n",
                    TASKS, CLIENTS, queuedMillis, killed.pid(), killedAtMillis, marksAtKill, before.getOrDefault(killed.pid(), 0),
                    leasedByKilled.size(), leasedLabels, drainedMillis, perWorker(entries), duplicates, CONCURRENCY);

                assertTrue(leasedByKilled.size() <= CONCURRENCY, "a worker holds at most its concurrency in leases: " + leasedByKilled);
                assertTrue(duplicates <= leasedByKilled.size(), duplicates + " tasks ran twice, more than the "
                    + leasedByKilled.size() + " the killed worker held");
                for (String label : leasedLabels) {
                    assertTrue(runs.get(label).contains(survivor.pid()), label + " was held by the killed worker and ran on the survivor");
                }
                runs.forEach((label, pids) -> {
                    if (pids.size() > 1) {
                        assertTrue(leasedLabels.contains(label), label + " ran " + pids + " but was not leased by the killed worker");
                        assertEquals(List.of(killed.pid(), survivor.pid()), pids,
                            label + " ran twice: first by the killed worker, then by the survivor");
                    }
                });
                assertEquals(0, redis.zcard(prefix + ":dead"), "nothing was dead-lettered");
                assertEquals(0, redis.zcard(prefix + ":delayed"), "nothing waits for a retry");
            }
        }
    }

    /** @return per label, the pids of the processes that ran it, in order */
    private static Map<String, List<Long>> runs(List<String> entries) {
        Map<String, List<Long>> runs = new HashMap<>();
        for (String e : entries) {
            runs.computeIfAbsent(e.substring(0, e.indexOf('@')), l -> new ArrayList<>()).add(pidOf(e));
        }
        return runs;
    }

    private static long pidOf(String entry) {
        return Long.parseLong(entry.substring(entry.indexOf('@') + 1));
    }

    private static Map<Long, Integer> perWorker(List<String> entries) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (String e : entries) {
            counts.merge(pidOf(e), 1, Integer::sum);
        }
        return counts;
    }
}
