package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.app.ExactArgumentsTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The same arguments arrive the same way through JobRunr (H2) and its job server. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunrExactArgumentsTest extends ExactArgumentsTest implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path());
    }
}
