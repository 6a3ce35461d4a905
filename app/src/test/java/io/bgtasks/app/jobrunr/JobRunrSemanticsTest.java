package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.app.BackgroundTasksSemantics;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The shared semantics (order, skip after failure, DI sharing, async, status) on the JobRunr backend, H2 storage. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunrSemanticsTest extends BackgroundTasksSemantics implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of(
            "bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path(),
            // a failure is final at once, as in memory: retries are covered by their own tests
            "bgtasks.retry.max-attempts", "1");
    }

    @Override
    protected String failureLogger() {
        return "io.bgtasks.jobrunr";
    }
}
