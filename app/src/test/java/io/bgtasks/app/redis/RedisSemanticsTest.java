package io.bgtasks.app.redis;

import io.bgtasks.app.BackgroundTasksSemantics;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The shared semantics (order, skip after failure, DI sharing, async, status) on the Redis backend. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSemanticsTest extends BackgroundTasksSemantics implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of(
            "bgtasks.backend", "redis",
            "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix(),
            // a failure is final at once, as in memory: retries are covered by their own tests
            "bgtasks.retry.max-attempts", "1");
    }

    @Override
    protected String failureLogger() {
        return "io.bgtasks.redis";
    }
}
