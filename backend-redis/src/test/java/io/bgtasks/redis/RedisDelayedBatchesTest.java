package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delayed batches on Redis beyond the contract: a bulk call stores delayed and immediate batches together, each where
 * it belongs; an idle worker starts each delayed batch at its start time, not up to Redis's clock tick (100 ms) later.
 * The timing bound here is generous, for a loaded CI machine; the benchmark measures the real figure.
 */
class RedisDelayedBatchesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final RedisPerClass REDIS = new RedisPerClass();

    @Test
    void aBulkCallStoresDelayedAndImmediateBatchesTogetherEachWhereItBelongs() throws Exception {
        String prefix = TestRedis.freshPrefix("mixed");
        String key = "mixed-" + UUID.randomUUID();
        List<String> labels = List.of("now", "later", "past");
        Instant later;
        try (ApplicationContext web = RedisApps.submitterOnly(REDIS.uri(), prefix)) {
            later = Instant.now().plusSeconds(3);
            Map<String, Instant> starts = Map.of("later", later, "past", Instant.now().minusSeconds(60));
            List<TaskHandle> handles = web.getBean(TaskSubmitter.class).submitAll(labels, (label, t) -> {
                if (starts.containsKey(label)) {
                    t.startAt(starts.get(label));
                }
                t.addTask(ContractTasks::record, key, label);
            });
            RedisKeys keys = web.getBean(RedisKeys.class);
            assertEquals(List.of(handles.get(0).batchId(), handles.get(2).batchId()),
                REDIS.client().lrange(keys.wait, 0, -1), "a batch without a start time, or one in the past, is queued at once");
            assertEquals(List.of(handles.get(1).batchId()), REDIS.client().zrange(keys.delayed, 0, -1));
            assertEquals(later.toEpochMilli(), REDIS.client().zscore(keys.delayed, handles.get(1).batchId()), 1.0);
        }
        try (ApplicationContext worker = RedisApps.worker(REDIS.uri(), prefix)) {
            Journal.await(key, WAIT, l -> l.size() == 3);
            assertEquals("later", Journal.labels(key).get(2), "the delayed batch runs last: " + Journal.labels(key));
            assertTrue(Journal.entries(key).get(2).at() >= later.toEpochMilli(), "not before its start time");
            assertTrue(worker.getBean(BackgroundWork.class).awaitIdle(WAIT));
        }
    }

    @Test
    void anIdleWorkerStartsEachDelayedBatchAtItsStartTime() throws Exception {
        int count = 200;
        String prefix = TestRedis.freshPrefix("precise");
        String key = "precise-" + UUID.randomUUID();
        try (ApplicationContext worker = RedisApps.worker(REDIS.uri(), prefix)) {
            TaskSubmitter submitter = worker.getBean(TaskSubmitter.class);
            // the task's path warmed up (class loading, JIT), so that the figures are of the wake-up, not of a cold JVM
            String warmUp = key + "-warm-up";
            submitter.submitAll(List.of("1", "2", "3"), (label, t) -> t.addTask(ContractTasks::record, warmUp, label));
            Journal.await(warmUp, WAIT, l -> l.size() == 3);
            Thread.sleep(300); // the worker has nothing to fetch and waits on the marker
            // start times spread over 2 s, stored by several bulk calls before the first is due, each holding earlier
            // and later ones: an earlier start time must reach the waiting worker
            long base = System.currentTimeMillis() + 1000;
            Random random = new Random(42);
            List<Long> starts = new ArrayList<>();
            List<Integer> batches = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                starts.add(base + random.nextInt(2000));
                batches.add(i);
            }
            for (int from = 0; from < count; from += 20) {
                submitter.submitAll(batches.subList(from, from + 20), (i, t) ->
                    t.startAt(Instant.ofEpochMilli(starts.get(i))).addTask(ContractTasks::record, key, Integer.toString(i)));
            }
            Journal.await(key, WAIT, l -> l.size() == count);
            List<Long> lateness = new ArrayList<>();
            for (Journal.Entry entry : Journal.entries(key)) {
                long late = entry.at() - starts.get(Integer.parseInt(entry.label()));
                assertTrue(late >= 0, "batch " + entry.label() + " started " + -late + " ms before its start time");
                lateness.add(late);
            }
            Collections.sort(lateness);
            long p50 = lateness.get(count / 2);
            long p99 = lateness.get(count * 99 / 100);
            System.out.printf("delayed batches on an idle worker: lateness p50 %d ms, p99 %d ms, max %d ms (%d batches)%n",
                p50, p99, lateness.get(count - 1), count);
            // generous for a loaded machine (a few ms is usual), yet below the ~50 ms median that waiting for Redis's
            // own timeout gives (it ends at Redis's 100 ms clock tick): that is what the bound tells apart
            assertTrue(p50 < 25, "median lateness " + p50 + " ms; sorted: " + lateness);
        }
    }
}
