package io.bgtasks.app.redis;

import io.bgtasks.app.NotDurableTest;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The same refusals at {@code addTask} on the Redis backend: switching backends changes nothing here. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisNotDurableTest extends NotDurableTest implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix(),
            // even with the in-memory opt-out set, a lambda is refused on a durable backend
            "bgtasks.inmemory.allow-local-lambdas", "true");
    }
}
