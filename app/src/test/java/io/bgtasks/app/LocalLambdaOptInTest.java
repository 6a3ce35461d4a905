package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.TestTasks;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented opt-out: {@code bgtasks.inmemory.allow-local-lambdas=true} runs lambdas in memory. */
@MicronautTest
@Property(name = "bgtasks.inmemory.allow-local-lambdas", value = "true")
class LocalLambdaOptInTest {
    @Inject
    TaskSubmitter submitter;
    @Inject
    BackgroundWork work;
    @Inject
    Recorder recorder;

    @Test
    void lambdasRunInOrderWithMethodReferences() throws Exception {
        String key = UUID.randomUUID().toString();
        StringBuilder captured = new StringBuilder("captured");
        submitter.submit(t -> {
            t.addTask(() -> recorder.record(key, "plain-lambda"));
            t.addTask(TestTasks::record, key, "method-reference");
            t.addTask((TestTasks bean, String label) -> bean.record(key, label + "-" + captured), "bean-lambda");
        });
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("plain-lambda", "method-reference", "bean-lambda-captured"), recorder.labels(key));
    }
}
