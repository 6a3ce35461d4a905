package io.bgtasks.app.status;

import io.bgtasks.app.support.RedisServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** Pushed status changes on Redis: the worker publishes a watched batch's changes, the stream's process hears them. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStatusPushTest extends StatusPushChecks implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", RedisServer.freshPrefix(),
            "bgtasks.status-endpoint.poll-interval", SLOW, "bgtasks.status-endpoint.fallback-interval", SLOW);
    }
}
