package io.bgtasks.redis;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.spi.StatusChanges;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushed status changes: a watched batch's changes (leased, checkpoint, finished) reach the watcher over pub/sub as
 * they are recorded, so that what it reads on each notification is the new state; an unwatched batch publishes
 * nothing.
 */
class RedisStatusChangesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final RedisPerClass REDIS = new RedisPerClass();

    @Test
    void eachRecordedChangeOfAWatchedBatchReachesItsWatcher() throws Exception {
        String prefix = TestRedis.freshPrefix("push");
        String key = "push-" + UUID.randomUUID();
        List<String> channelMessages = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                channelMessages.add(message);
            }
        };
        CountDownLatch listening = new CountDownLatch(1);
        try (RedisClient raw = RedisClient.create(REDIS.uri());
             ApplicationContext worker = RedisApps.worker(REDIS.uri(), prefix)) {
            Thread.ofVirtual().start(() -> {
                listening.countDown();
                raw.subscribe(listener, prefix + ":status");
            });
            listening.await();
            TaskSubmitter submitter = worker.getBean(TaskSubmitter.class);
            TaskStatusQuery query = worker.getBean(TaskStatusQuery.class);
            String unwatched = submitter.submit(t -> t.addTask(ContractTasks::record, key, "unwatched")).get(0).batchId();
            Journal.await(key, WAIT, l -> l.contains("unwatched"));

            // delayed, so that the watch is in place (and seen by the worker) before anything happens to the batch
            List<TaskHandle> tasks = submitter.submit(t -> {
                t.startIn(Duration.ofMillis(1500));
                t.addTask(ContractTasks::sleep, key, "a", 300L);
                t.addTask(ContractTasks::sleep, key, "b", 300L);
            });
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch finished = new CountDownLatch(1);
            try (StatusChanges.Watch watch = worker.getBean(StatusChanges.class).watch(tasks.get(0).batchId(), () -> {
                TaskStatus first = query.find(tasks.get(0).id()).orElseThrow();
                TaskStatus last = query.find(tasks.get(1).id()).orElseThrow();
                seen.add(first.state() + "/" + last.state());
                if (last.state() == TaskState.SUCCEEDED) {
                    finished.countDown();
                }
            })) {
                assertTrue(finished.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the completion was pushed: " + seen);
            }
            // leased (both queued, the first about to run), the first step's checkpoint, the completion
            assertTrue(seen.contains("SUCCEEDED/QUEUED") || seen.contains("SUCCEEDED/RUNNING"), "the checkpoint: " + seen);
            assertEquals("SUCCEEDED/SUCCEEDED", seen.get(seen.size() - 1), seen.toString());
            assertTrue(seen.size() >= 3, "lease, checkpoint, completion: " + seen);
            Thread.sleep(300);
            assertTrue(channelMessages.stream().allMatch(tasks.get(0).batchId()::equals),
                "only the watched batch is published, not " + unwatched + ": " + channelMessages);
            assertTrue(channelMessages.size() >= 3, channelMessages.toString());
            assertEquals(List.of(), REDIS.client().zrange(worker.getBean(RedisKeys.class).watched, 0, -1),
                "a closed watch leaves nothing behind");
            listener.unsubscribe();
        }
    }
}
