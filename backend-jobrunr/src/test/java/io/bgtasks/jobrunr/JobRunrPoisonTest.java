package io.bgtasks.jobrunr;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.micronaut.context.ApplicationContext;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs whose payload cannot be decoded or names an unknown task, enqueued straight into JobRunr, fail at once with
 * their reason and without retries, and the worker keeps running good tasks. (The contract checks the unknown task
 * handed over through the SPI; these payloads never pass the SPI.)
 */
@Execution(ExecutionMode.CONCURRENT)
class JobRunrPoisonTest {

    private static String poison(JobRequestScheduler scheduler, String payload) {
        String id = UUID.randomUUID().toString();
        scheduler.enqueue(UUID.fromString(id), new BatchJob(id, payload));
        return id;
    }

    @Test
    void poisonFailsAtOnceWithItsReasonAndGoodTasksStillRun() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath()))) {
            JobRequestScheduler scheduler = context.getBean(JobRequestScheduler.class);
            String tasks = TestTasks.class.getName();
            Map<String, String> reasons = Map.of(
                poison(scheduler, null), "payload is not valid JSON",
                poison(scheduler, "this is not json"), "payload is not valid JSON",
                poison(scheduler, "[{\"x\":1}]"), "needs a task name",
                poison(scheduler, "[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]"), "unknown task 'com.example.Gadget#run'",
                poison(scheduler, "[{\"n\":\"" + tasks + "#record\",\"a\":[\"only-one\"]}]"), "must be a JSON array of 2 values",
                poison(scheduler, "[{\"n\":\"" + tasks + "#flaky\",\"a\":[\"k\",\"not a number\"]}]"), "argument 2");

            String key = UUID.randomUUID().toString();
            context.getBean(TaskSubmitter.class).submit(t -> t.addTask(TestTasks::record, key, "good"));
            assertTrue(context.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(60)));
            assertEquals(List.of("good"), Recorder.labels(key), "the worker kept going");

            Map<String, DeadLetter> letters = context.getBean(DeadLetters.class).list(0, 100).stream()
                .collect(Collectors.toMap(DeadLetter::batchId, l -> l));
            assertEquals(reasons.size(), letters.size(), letters.toString());
            reasons.forEach((id, reason) -> {
                DeadLetter letter = letters.get(id);
                assertTrue(letter != null && letter.error().contains(reason), id + " should be dead with '" + reason + "': " + letter);
                assertTrue(letter.attempts() <= 1, "poison is not retried: " + letter);
            });
        }
    }
}
