package io.bgtasks.jobrunr;

import io.bgtasks.BackgroundTasks;
import io.bgtasks.BackgroundWork;
import io.bgtasks.RetryPolicy;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On JobRunr, retries follow the task's policy (count and spacing, not JobRunr's ten retries 3^n s apart), a
 * non-retryable error goes straight to the dead letters, and dead letters can be listed, requeued (resuming at the
 * failed step, with fresh attempts, also when JobRunr's dashboard requeues the job) and deleted. Every retry waits
 * for JobRunr's poll (5 s), hence the small policies, the generous timeouts and the tests running side by side on
 * one context, each with its own key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class JobRunrRetryAndDeadLetterTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private ApplicationContext context;

    @BeforeAll
    void start() {
        context = ApplicationContext.run(Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(),
            // tasks without a policy of their own: 2 attempts, short delays
            "bgtasks.retry.max-attempts", "2",
            "bgtasks.retry.initial-delay", "50ms",
            "bgtasks.retry.max-delay", "400ms"));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private List<TaskHandle> submit(Consumer<BackgroundTasks> tasks) {
        return context.getBean(TaskSubmitter.class).submit(tasks);
    }

    private void awaitIdle() throws InterruptedException {
        assertTrue(context.getBean(BackgroundWork.class).awaitIdle(WAIT), "still busy after " + WAIT);
    }

    private Optional<TaskStatus> status(TaskHandle task) {
        return context.getBean(TaskStatusQuery.class).find(task.id());
    }

    private TaskStatus statusOf(TaskHandle task) {
        return status(task).orElseThrow(() -> new AssertionError("no status for " + task));
    }

    private DeadLetters deadLetters() {
        return context.getBean(DeadLetters.class);
    }

    private Optional<DeadLetter> deadLetter(String batchId) {
        return deadLetters().list(0, 1000).stream().filter(l -> l.batchId().equals(batchId)).findFirst();
    }

    private Job job(String batchId) {
        return context.getBean(JobRunrStorage.class).provider().getJobById(UUID.fromString(batchId));
    }

    @Test
    void retriesFollowThePolicyInCountAndSpacing() throws Exception {
        String key = UUID.randomUUID().toString();
        // TestTasks#flaky: @TaskRetry(attempts = 3, delay = "100ms", multiplier = 2.0, jitter = 0.0)
        TaskHandle task = submit(t -> t.addTask(TestTasks::flaky, key, 2)).get(0);
        awaitIdle();
        List<Recorder.Event> events = Recorder.events(key);
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), events.stream().map(Recorder.Event::label).toList());
        long gap1 = (events.get(1).nanos() - events.get(0).nanos()) / 1_000_000;
        long gap2 = (events.get(2).nanos() - events.get(1).nanos()) / 1_000_000;
        assertTrue(gap1 >= 95 && gap2 >= 190, "never before the policy's delay: " + gap1 + " / " + gap2);

        // the schedule JobRunr stored is the policy's (100 ms, then 200 ms after the failure), not JobRunr's 3 s, 9 s.
        // The failure happened after the task's last clock reading and before JobRunr wrote the FAILED state, so the
        // due time lies between those two readings plus the delay; on an idle machine they are a few ms apart.
        List<FailedState> failures = new ArrayList<>();
        List<ScheduledState> retries = new ArrayList<>();
        List<JobState> states = job(task.batchId()).getJobStates();
        for (int i = 1; i < states.size(); i++) {
            if (states.get(i) instanceof ScheduledState scheduled && states.get(i - 1) instanceof FailedState failed) {
                failures.add(failed);
                retries.add(scheduled);
            }
        }
        assertEquals(2, retries.size(), states.toString());
        List<Long> delays = List.of(100L, 200L);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long failedAt = events.get(i).millis();
            Instant due = retries.get(i).getScheduledAt();
            seen.add((due.toEpochMilli() - failedAt) + " ms after the failure, "
                + Duration.between(failures.get(i).getCreatedAt(), due).toMillis() + " ms after JobRunr's FAILED state");
            assertTrue(due.toEpochMilli() >= failedAt + delays.get(i), "retry " + (i + 1) + " due sooner than the policy's "
                + delays.get(i) + " ms: " + seen);
            assertFalse(due.isAfter(failures.get(i).getCreatedAt().plusMillis(delays.get(i))), "retry " + (i + 1)
                + " due later than the policy's " + delays.get(i) + " ms: " + seen);
        }
        System.out.printf("jobrunr retry: scheduled %s (policy: 100 ms, x2, no jitter); observed gaps %d ms then %d ms"
            + " (each retry waits for a poll)%n", seen, gap1, gap2);
        TaskStatus status = statusOf(task);
        assertEquals(TaskState.SUCCEEDED, status.state(), status.toString());
        assertEquals(3, status.attempts(), status.toString());
    }

    @Test
    void aPerCallPolicyWinsOverTheDefault() throws Exception {
        String key = UUID.randomUUID().toString();
        // three attempts, 50 ms apart, chosen at addTask; the default here is two
        TaskHandle task = submit(t -> t.addTask(TestTasks::fail, key, "per-call")
            .retry(RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(50), Duration.ofMillis(50)).withJitter(0))).get(0);
        awaitIdle();
        assertEquals(List.of("per-call:failing", "per-call:failing", "per-call:failing"), Recorder.labels(key));
        TaskStatus status = statusOf(task);
        assertEquals(TaskState.FAILED, status.state(), status.toString());
        assertEquals(3, status.attempts(), status.toString());
    }

    @Test
    void aNonRetryableErrorGoesStraightToTheDeadLetters() throws Exception {
        String key = UUID.randomUUID().toString();
        TaskHandle task = submit(t -> t.addTask(TestTasks::rejects, key)).get(0);
        awaitIdle();
        assertEquals(List.of("rejected"), Recorder.labels(key), "ignored exception type: one attempt only");
        TaskStatus status = statusOf(task);
        assertEquals(TaskState.FAILED, status.state(), status.toString());
        assertEquals(1, status.attempts(), status.toString());
        DeadLetter letter = deadLetter(task.batchId()).orElseThrow(() -> new AssertionError("not dead-lettered: " + task));
        assertTrue(letter.error().contains("java.lang.IllegalArgumentException: not retryable"), letter.toString());
    }

    @Test
    void exhaustedTasksAreDeadLetteredAndCanBeRequeuedThenSucceed() throws Exception {
        String key = UUID.randomUUID().toString();
        // fails its first 3 calls; the policy allows 3 attempts: dead after the third
        TaskHandle task = submit(t -> t.addTask(TestTasks::flaky, key, 3)).get(0);
        awaitIdle();
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3"), Recorder.labels(key));
        DeadLetter letter = deadLetter(task.batchId()).orElseThrow(() -> new AssertionError("not dead-lettered: " + task));
        assertTrue(letter.error().contains("flaky failure 3"), letter.toString());
        assertEquals(TaskState.FAILED, statusOf(task).state());

        assertTrue(deadLetters().requeue(task.batchId()));
        awaitIdle();
        assertEquals(List.of("attempt-1", "attempt-2", "attempt-3", "attempt-4"), Recorder.labels(key));
        TaskStatus status = statusOf(task);
        assertEquals(TaskState.SUCCEEDED, status.state(), status.toString());
        assertEquals(1, status.attempts(), "fresh attempts after a requeue: " + status);
        assertTrue(deadLetter(task.batchId()).isEmpty(), "no longer a dead letter");
        assertFalse(deadLetters().requeue(task.batchId()), "requeue is for dead letters only");
    }

    @Test
    void aRequeuedBatchResumesAtTheFailedStep() throws Exception {
        String key = UUID.randomUUID().toString();
        // first succeeds, second fails (no policy of its own: the default, 2 attempts here), third skipped
        List<TaskHandle> tasks = submit(t -> {
            t.addTask(TestTasks::record, key, "first");
            t.addTask(TestTasks::fail, key, "second");
            t.addTask(TestTasks::record, key, "third");
        });
        awaitIdle();
        assertEquals(List.of("first", "second:failing", "second:failing"), Recorder.labels(key), "checkpointed after the first");
        assertEquals(TaskState.SUCCEEDED, statusOf(tasks.get(0)).state());
        assertEquals(2, statusOf(tasks.get(1)).attempts());
        assertEquals(TaskState.SKIPPED, statusOf(tasks.get(2)).state());

        String batch = tasks.get(0).batchId();
        assertTrue(deadLetters().requeue(batch));
        awaitIdle();
        assertEquals(1, Recorder.labels(key).stream().filter("first"::equals).count(), "resumed at the failed step");
        assertEquals(4, Recorder.labels(key).stream().filter("second:failing"::equals).count(), "with fresh attempts");

        // requeued the way JobRunr's dashboard does it (no filter runs): fresh attempts too
        Job job = job(batch);
        job.enqueue();
        context.getBean(JobRunrStorage.class).provider().save(job);
        awaitIdle();
        assertEquals(6, Recorder.labels(key).stream().filter("second:failing"::equals).count(), "fresh attempts from the dashboard");
        assertEquals(1, Recorder.labels(key).stream().filter("first"::equals).count());
    }

    @Test
    void deadLettersCanBeDeleted() throws Exception {
        String key = UUID.randomUUID().toString();
        TaskHandle task = submit(t -> t.addTask(TestTasks::rejects, key)).get(0);
        awaitIdle();
        assertTrue(deadLetter(task.batchId()).isPresent());
        assertTrue(deadLetters().delete(task.batchId()));
        assertTrue(deadLetter(task.batchId()).isEmpty());
        assertTrue(status(task).isEmpty(), "its status is gone with it");
        assertFalse(deadLetters().delete(task.batchId()));
    }
}
