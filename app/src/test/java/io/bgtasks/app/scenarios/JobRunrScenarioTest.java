package io.bgtasks.app.scenarios;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The example app's scenarios on JobRunr (H2 file storage): only the configuration differs. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunrScenarioTest extends ScenarioChecks implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path",
            Path.of("target", "scenario-h2", UUID.randomUUID().toString().substring(0, 8), "jobrunr").toAbsolutePath().toString());
    }
}
