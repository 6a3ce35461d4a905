package io.bgtasks.app.redis;

import io.bgtasks.app.ExactArgumentsTest;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** The same arguments arrive the same way through Redis and its worker. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisExactArgumentsTest extends ExactArgumentsTest implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix());
    }
}
