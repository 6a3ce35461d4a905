package io.bgtasks.contract;

import io.bgtasks.BackgroundWork;
import io.bgtasks.MissedTicks;
import io.bgtasks.RetryPolicy;
import io.bgtasks.Schedules;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a durable backend owes beyond {@link BackendContract}: a step that keeps failing ends in the dead letters with
 * its reason, from where it can be requeued (resuming at that step) or deleted; a batch the worker cannot run is
 * dead-lettered at once; and a worker that stops while a task runs hands the batch back, so that the next worker on
 * the same storage runs it, the interrupted attempt not counted.
 */
public abstract class DurableBackendContract extends BackendContract {
    /** Two attempts 50 ms apart, no jitter: given per call, it wins over the backend's default. */
    private static final RetryPolicy TWICE = new RetryPolicy(2, Duration.ofMillis(50), 1.0, 0.0, Duration.ofMillis(50),
        List.of(), List.of());

    private DeadLetters deadLetters() {
        return context.getBean(DeadLetters.class);
    }

    private Optional<DeadLetter> deadLetter(String batchId) {
        return deadLetters().list(0, 1000).stream().filter(l -> l.batchId().equals(batchId)).findFirst();
    }

    @Test
    void aStepThatKeepsFailingIsDeadLetteredThenRequeuedOrDeleted() throws Exception {
        String kept = key();
        String dropped = key();
        List<TaskHandle> keptTasks = submit(t -> {
            t.addTask(ContractTasks::record, kept, "a");
            t.addTask(ContractTasks::failUntilReleased, kept, "b").retry(TWICE);
            t.addTask(ContractTasks::record, kept, "c");
        });
        List<TaskHandle> droppedTasks = submit(t -> t.addTask(ContractTasks::failUntilReleased, dropped, "x").retry(TWICE));
        awaitState(keptTasks.get(1), TaskState.FAILED);
        awaitState(droppedTasks.get(0), TaskState.FAILED);
        awaitIdle();

        String batch = keptTasks.get(0).batchId();
        DeadLetter letter = deadLetter(batch).orElseThrow(() -> new AssertionError("not dead-lettered: " + batch));
        assertEquals(keptTasks.get(1).id(), letter.failedTaskId(), letter.toString());
        assertEquals(2, letter.attempts(), "the per-call policy's two attempts: " + letter);
        assertTrue(letter.error().contains("step b fails until released"), letter.toString());
        assertEquals(keptTasks.stream().map(TaskHandle::id).toList(), letter.taskIds());
        assertEquals(List.of("a", "b!", "b!"), Journal.labels(kept));
        assertEquals(TaskState.SKIPPED, status(keptTasks.get(2)).state());

        Journal.release(kept);
        assertTrue(deadLetters().requeue(batch));
        assertEquals(List.of("a", "b!", "b!", "b", "c"), Journal.await(kept, WAIT, l -> l.contains("c")),
            "resumed at the failed step; the step before it did not run again");
        awaitState(keptTasks.get(2), TaskState.SUCCEEDED);
        assertTrue(deadLetter(batch).isEmpty(), "requeued letters leave the dead letters");

        String droppedBatch = droppedTasks.get(0).batchId();
        assertTrue(deadLetter(droppedBatch).isPresent());
        assertTrue(deadLetters().count() >= 1);
        assertTrue(deadLetters().delete(droppedBatch));
        // other tests may dead-letter batches meanwhile: the count is not compared, the letter is looked for
        assertTrue(deadLetter(droppedBatch).isEmpty());
        assertFalse(deadLetters().requeue(droppedBatch), "a deleted letter cannot be requeued");
        assertFalse(deadLetters().delete(droppedBatch));
        assertEquals(List.of("x!", "x!"), Journal.labels(dropped), "a deleted batch never runs again");
    }

    @Test
    void deadLettersArePagedNewestFirstByCursorOnceEach() throws Exception {
        ApplicationContext own = start(namespace(), Map.of());
        String key = key();
        List<TaskHandle> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            tasks.addAll(own.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::fail, key, "d" + n).retry(TWICE)));
        }
        for (TaskHandle task : tasks) {
            awaitState(own, task, TaskState.FAILED);
        }
        DeadLetters letters = own.getBean(DeadLetters.class);
        List<String> paged = KeysetWalk.all(after -> letters.page(after, 2), DeadLetter::position, DeadLetter::batchId,
            () -> { });
        assertEquals(Set.copyOf(tasks.stream().map(TaskHandle::batchId).toList()), Set.copyOf(paged), paged.toString());
        assertEquals(letters.list(0, 10).stream().map(DeadLetter::batchId).toList(), paged,
            "the same order as the offset listing");
        org.junit.jupiter.api.Assertions.assertThrows(io.bgtasks.paging.InvalidCursorException.class,
            () -> letters.page("%%%", 2));
    }

    @Test
    void aBatchTheWorkerCannotRunIsDeadLetteredAtOnce() throws Exception {
        String batch = poisonThenAGoodBatch();
        DeadLetter letter = deadLetter(batch).orElseThrow(() -> new AssertionError("not dead-lettered: " + batch));
        assertTrue(letter.error().contains("unknown task 'com.example.Retired#run'"), letter.toString());
        assertTrue(letter.attempts() <= 1, "poison is not retried: " + letter);
    }

    @Test
    void aDelayedBatchSurvivesARestartOfItsWorker() throws Exception {
        String namespace = namespace();
        String key = key();
        Instant startAt = Instant.now().plusSeconds(3);
        ApplicationContext first = start(namespace, Map.of());
        List<TaskHandle> tasks = first.getBean(TaskSubmitter.class)
            .submit(t -> t.startAt(startAt).addTask(ContractTasks::record, key, "after-restart"));
        first.close();
        try (ApplicationContext second = start(namespace, Map.of())) {
            assertEquals(List.of("after-restart"), Journal.await(key, WAIT, l -> l.contains("after-restart")));
            assertTrue(Journal.entries(key).get(0).at() >= startAt.toEpochMilli(), "not before its start time");
            awaitState(second, tasks.get(0), TaskState.SUCCEEDED);
        }
    }

    @Test
    void theScheduleLedgerIsSharedByTheProcessesOnOneStorage() {
        String namespace = namespace();
        String schedule = "shared-" + key();
        Instant tick = Instant.parse("2026-11-30T10:15:31Z");
        try (ApplicationContext one = start(namespace, Map.of()); ApplicationContext two = start(namespace, Map.of())) {
            one.getBean(ScheduleLedger.class).fired(schedule, tick);
            assertEquals(Optional.of(tick), two.getBean(ScheduleLedger.class).lastFired(schedule));
        }
        try (ApplicationContext restarted = start(namespace, Map.of())) {
            assertEquals(Optional.of(tick), restarted.getBean(ScheduleLedger.class).lastFired(schedule), "kept across restarts");
        }
    }

    @Test
    void twoProcessesOnOneStorageFireEachTickOfAScheduleOnce() throws Exception {
        String namespace = namespace();
        String key = key();
        String name = "shared-" + key;
        try (ApplicationContext one = start(namespace, Map.of()); ApplicationContext two = start(namespace, Map.of())) {
            Instant from = Instant.now();
            for (ApplicationContext process : List.of(one, two)) {
                process.getBean(Schedules.class).register(name, "* * * * * *", ZoneId.of("UTC"),
                    t -> t.addTask(ContractTasks::recordBatch, key));
            }
            Journal.await(key, WAIT, l -> l.size() >= 4);
            one.getBean(Schedules.class).remove(name);
            two.getBean(Schedules.class).remove(name);
            Instant to = Instant.now();
            assertTrue(one.getBean(BackgroundWork.class).awaitIdle(WAIT));
            Thread.sleep(pickUpDelay().toMillis());
            List<String> batches = Journal.labels(key);
            assertEquals(batches.size(), Set.copyOf(batches).size(), "a tick ran twice: " + batches);
            assertTrue(tickBatchIds(name, from.minusSeconds(1), to).containsAll(batches), batches.toString());
        }
    }

    @Test
    void ticksMissedWhileEveryProcessWasDownFollowTheSchedulesPolicy() throws Exception {
        String namespace = namespace();
        Map<String, Object> tolerance = Map.of("bgtasks.scheduling.late-tolerance", "1s");
        Map<MissedTicks, String> keys = new EnumMap<>(MissedTicks.class);
        for (MissedTicks policy : MissedTicks.values()) {
            keys.put(policy, key());
        }
        ApplicationContext before = start(namespace, tolerance);
        for (MissedTicks policy : MissedTicks.values()) {
            String key = keys.get(policy);
            before.getBean(Schedules.class).register("outage-" + key, "* * * * * *", ZoneId.of("UTC"), policy,
                t -> t.addTask(ContractTasks::recordBatch, key));
        }
        for (String key : keys.values()) {
            Journal.await(key, WAIT, l -> !l.isEmpty());
        }
        before.close();
        Instant down = Instant.now();
        Thread.sleep(4000);
        try (ApplicationContext after = start(namespace, tolerance)) {
            Instant up = Instant.now();
            Map<MissedTicks, Integer> seen = new EnumMap<>(MissedTicks.class);
            for (MissedTicks policy : MissedTicks.values()) {
                String key = keys.get(policy);
                seen.put(policy, Journal.labels(key).size());
                after.getBean(Schedules.class).register("outage-" + key, "* * * * * *", ZoneId.of("UTC"), policy,
                    t -> t.addTask(ContractTasks::recordBatch, key));
            }
            Thread.sleep(1000 + pickUpDelay().toMillis());
            for (MissedTicks policy : MissedTicks.values()) {
                after.getBean(Schedules.class).remove("outage-" + keys.get(policy));
            }
            assertTrue(after.getBean(BackgroundWork.class).awaitIdle(WAIT));
            // the ticks nobody fired: after the first process's last firing, older than the tolerance at the restart
            for (MissedTicks policy : MissedTicks.values()) {
                String key = keys.get(policy);
                Set<String> outage = tickBatchIds("outage-" + key, down.plusSeconds(1), up.minusSeconds(2));
                List<String> ran = Journal.labels(key).subList(seen.get(policy), Journal.labels(key).size());
                long missedRan = ran.stream().filter(outage::contains).count();
                switch (policy) {
                    case SKIP -> assertEquals(0, missedRan, policy + ": " + ran);
                    case RUN_ONCE -> assertTrue(missedRan <= 1, policy + ": " + ran);
                    case CATCH_UP -> assertEquals(outage.size(), missedRan, policy + ": " + ran);
                }
                List<String> all = Journal.labels(key);
                assertEquals(all.size(), Set.copyOf(all).size(), policy + ": a tick ran twice: " + all);
            }
            // RUN_ONCE fires exactly one tick of the outage (the latest, which may lie in the last two seconds)
            String once = keys.get(MissedTicks.RUN_ONCE);
            Set<String> wholeOutage = tickBatchIds("outage-" + once, down.plusSeconds(1), up);
            List<String> onceRan = Journal.labels(once).subList(seen.get(MissedTicks.RUN_ONCE), Journal.labels(once).size());
            assertTrue(onceRan.stream().anyMatch(wholeOutage::contains), "RUN_ONCE fired a missed tick: " + onceRan);
        }
    }

    @Test
    void aWorkerThatStopsHandsItsRunningBatchBackToTheNextWorker() throws Exception {
        String namespace = namespace();
        Map<String, Object> quickStop = Map.of("bgtasks.worker.shutdown-timeout", "300ms");
        String key = key();
        ApplicationContext first = start(namespace, quickStop);
        List<TaskHandle> tasks = first.getBean(TaskSubmitter.class).submit(t -> {
            t.addTask(ContractTasks::sleep, key, "long", 3000L);
            t.addTask(ContractTasks::record, key, "after");
        });
        Journal.await(key, WAIT, l -> l.contains("long:start"));
        first.close();
        assertEquals(List.of("long:start"), Journal.labels(key), "the stop interrupted the task");

        try (ApplicationContext second = start(namespace, quickStop)) {
            assertEquals(List.of("long:start", "long:start", "long", "after"),
                Journal.await(key, WAIT, l -> l.contains("after")), "the next worker ran the batch from its checkpoint");
            TaskStatus done = awaitState(second, tasks.get(1), TaskState.SUCCEEDED);
            TaskStatus handedBack = status(second, tasks.get(0));
            assertEquals(TaskState.SUCCEEDED, handedBack.state(), handedBack.toString());
            assertEquals(1, handedBack.attempts(), "the interrupted attempt does not count: " + handedBack);
            assertEquals(1, done.attempts(), done.toString());
        }
    }
}
