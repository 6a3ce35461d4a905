package io.bgtasks.app.scenarios;

import io.bgtasks.app.support.RedisServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The example app's scenarios on Redis: only the configuration differs. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisScenarioTest extends ScenarioChecks implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix());
    }
}
