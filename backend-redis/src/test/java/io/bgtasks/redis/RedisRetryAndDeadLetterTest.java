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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable retries on Redis follow the task's policy (count and spacing, through the due-time set), a non-retryable
 * error goes straight to the dead letters, and dead letters can be listed, requeued (resuming at the failed step) and
 * deleted. The HTTP endpoints over the same API are tested in {@code app}. Isolated: the spacing of retries 100 and
 * 200 ms apart is measured, which the contract's tests running beside it would blur on a small machine.
 */
@Isolated
class RedisRetryAndDeadLetterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestRedis server;
    private static ApplicationContext app;

    @BeforeAll
    static void start() {
        server = TestRedis.start();
        // the global default policy keeps its 5 attempts, with short delays to keep the test quick
        app = RedisApps.worker(server.uri(), TestRedis.freshPrefix("retry"),
            "bgtasks.retry.initial-delay", "50ms", "bgtasks.retry.max-delay", "400ms");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String key() {
        return "retry-" + UUID.randomUUID();
    }

    private static TaskSubmitter submitter() {
        return app.getBean(TaskSubmitter.class);
    }

    private static void awaitIdle() throws InterruptedException {
        assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT), "still busy after " + WAIT);
    }

    private static TaskStatus status(TaskHandle task) {
        return app.getBean(TaskStatusQuery.class).find(task.id())
            .orElseThrow(() -> new AssertionError("no status for " + task));
    }

    private static DeadLetters deadLetters() {
        return app.getBean(DeadLetters.class);
    }

    private static Optional<DeadLetter> deadLetter(String batchId) {
        return deadLetters().list(0, 1000).stream().filter(l -> l.batchId().equals(batchId)).findFirst();
    }

    @Test
    void retriesFollowThePolicyInCountAndSpacing() throws Exception {
        String key = key();
        TaskHandle task = submitter().submit(t -> t.addTask(RetryTasks::flaky, key, 2)).getFirst();
        awaitIdle();
        List<Recorder.Event> events = Recorder.events(key);
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), events.stream().map(Recorder.Event::label).toList());
        long gap1 = (events.get(1).nanos() - events.get(0).nanos()) / 1_000_000;
        long gap2 = (events.get(2).nanos() - events.get(1).nanos()) / 1_000_000;
        System.out.printf("redis retry spacing: %d ms then %d ms (policy: 100 ms, x2, no jitter)%n", gap1, gap2);
        assertTrue(gap1 >= 95 && gap2 >= 190, gap1 + " / " + gap2);
        assertTrue(gap2 > gap1 * 1.3, "the delay grows: " + gap1 + " then " + gap2);
        TaskStatus status = status(task);
        assertEquals(TaskState.SUCCEEDED, status.state(), status.toString());
        assertEquals(3, status.attempts(), status.toString());
    }

    @Test
    void aNonRetryableErrorGoesStraightToTheDeadLetters() throws Exception {
        String key = key();
        TaskHandle task = submitter().submit(t -> t.addTask(RetryTasks::rejects, key)).getFirst();
        awaitIdle();
        assertEquals(List.of("rejected"), Recorder.labels(key), "ignored exception type: one attempt only");
        TaskStatus status = status(task);
        assertEquals(TaskState.FAILED, status.state(), status.toString());
        assertEquals(1, status.attempts(), status.toString());
        DeadLetter letter = deadLetter(task.batchId()).orElseThrow(() -> new AssertionError("not dead: " + task));
        assertTrue(letter.error().contains("java.lang.IllegalArgumentException: not retryable"), letter.toString());
    }

    @Test
    void exhaustedTasksAreDeadLetteredAndCanBeRequeuedThenSucceed() throws Exception {
        String key = key();
        // fails its first 3 calls; the policy allows 3 attempts: dead after the third
        TaskHandle task = submitter().submit(t -> t.addTask(RetryTasks::flaky, key, 3)).getFirst();
        awaitIdle();
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), Recorder.labels(key));
        DeadLetter letter = deadLetter(task.batchId()).orElseThrow(() -> new AssertionError("not dead: " + task));
        assertTrue(letter.error().contains("flaky failure 3"), letter.toString());
        assertEquals(TaskState.FAILED, status(task).state());

        assertTrue(deadLetters().requeue(task.batchId()));
        awaitIdle();
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3", "attempt-4"), Recorder.labels(key));
        TaskStatus status = status(task);
        assertEquals(TaskState.SUCCEEDED, status.state(), status.toString());
        assertEquals(1, status.attempts(), "a requeued batch counts its attempts afresh: " + status);
        assertTrue(deadLetter(task.batchId()).isEmpty(), "no longer a dead letter");
        assertFalse(deadLetters().requeue(task.batchId()), "requeue is for dead letters only");
    }

    @Test
    void aRequeuedBatchResumesAtTheFailedStep() throws Exception {
        String key = key();
        // the first succeeds, the second fails (no policy of its own: the global default of 5 attempts), the third is skipped
        List<TaskHandle> tasks = submitter().submit(t -> {
            t.addTask(ContractTasks::record, key, "first");
            t.addTask(ContractTasks::failUntilReleased, key, "second");
            t.addTask(ContractTasks::record, key, "third");
        });
        awaitIdle();
        assertEquals(5, Journal.labels(key).stream().filter("second!"::equals).count(), "default policy: 5 attempts");
        assertEquals(1, Journal.labels(key).stream().filter("first"::equals).count(), "the first step ran once: checkpointed");
        assertEquals(TaskState.SKIPPED, status(tasks.get(2)).state());

        assertTrue(deadLetters().requeue(tasks.getFirst().batchId()));
        awaitIdle();
        assertEquals(1, Journal.labels(key).stream().filter("first"::equals).count(), "resumed at the failed step");
        assertEquals(10, Journal.labels(key).stream().filter("second!"::equals).count());
    }

    @Test
    void deadLettersCanBeDeleted() throws Exception {
        String key = key();
        TaskHandle task = submitter().submit(t -> t.addTask(RetryTasks::rejects, key)).getFirst();
        awaitIdle();
        assertTrue(deadLetter(task.batchId()).isPresent());
        assertTrue(deadLetters().delete(task.batchId()));
        assertTrue(deadLetter(task.batchId()).isEmpty());
        assertTrue(app.getBean(TaskStatusQuery.class).find(task.id()).isEmpty(), "its status is gone with it");
        assertFalse(deadLetters().delete(task.batchId()));
    }
}
