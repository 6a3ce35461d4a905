package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.jobrunr.BatchJob;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs whose payload cannot be decoded or names an unknown task, enqueued straight into JobRunr, fail at once with
 * their reason and without retries, and the worker keeps running good tasks.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunrPoisonTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    @Inject
    DeadLetters deadLetters;
    @Inject
    JobRequestScheduler scheduler;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path());
    }

    private String poison(String payload) {
        String id = UUID.randomUUID().toString();
        scheduler.enqueue(UUID.fromString(id), new BatchJob(id, payload));
        return id;
    }

    @Test
    void poisonFailsAtOnceWithItsReasonAndGoodTasksStillRun() throws Exception {
        Map<String, String> reasons = Map.of(
            poison(null), "payload is not valid JSON",
            poison("this is not json"), "payload is not valid JSON",
            poison("[{\"x\":1}]"), "needs a task name",
            poison("[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]"), "unknown task 'com.example.Gadget#run'",
            poison("[{\"n\":\"io.bgtasks.app.support.TestTasks#record\",\"a\":[\"only-one\"]}]"), "must be a JSON array of 2 values",
            poison("[{\"n\":\"io.bgtasks.app.support.TestTasks#flaky\",\"a\":[\"k\",\"not a number\"]}]"), "argument 2");

        String key = UUID.randomUUID().toString();
        Http http = new Http(server.getURI());
        assertEquals(200, http.post("/t/record", "key", key, "label", "good").status());
        assertTrue(work.awaitIdle(Duration.ofSeconds(60)));
        assertEquals(List.of("good"), recorder.labels(key), "the worker kept going");

        Map<String, DeadLetter> letters = deadLetters.list(0, 100).stream()
            .collect(Collectors.toMap(DeadLetter::batchId, l -> l));
        assertEquals(reasons.size(), letters.size(), letters.toString());
        reasons.forEach((id, reason) -> {
            DeadLetter letter = letters.get(id);
            assertTrue(letter != null && letter.error().contains(reason), id + " should be dead with '" + reason + "': " + letter);
            assertTrue(letter.attempts() <= 1, "poison is not retried: " + letter);
        });
    }
}
