package io.bgtasks.app.scenarios;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** The example app's scenarios on the default, in-memory backend. */
@MicronautTest
class InMemoryScenarioTest extends ScenarioChecks {
}
