package io.bgtasks.app.redis;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP hand-off on Redis: a 2xx means the batch is stored and queued before the response, and Redis out of reach
 * means 503 with no task ids. The sink itself ({@code submitAll}, passwords, an unavailable Redis) is tested in
 * backend-redis ({@code io.bgtasks.redis.RedisTaskSinkTest}), idempotency keys by its contract test.
 */
class RedisHandOffTest {

    private static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @Test
    void aBatchIsStoredBeforeTheResponseAndRunsAfterIt() throws Exception {
        String prefix = RedisServer.freshPrefix();
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                 "bgtasks.redis.prefix", prefix, "bgtasks.worker.enabled", "false"));
             UnifiedJedis redis = RedisServer.client()) {
            Http http = new Http(web.getURI());
            String key = UUID.randomUUID().toString();
            Http.Timed r = http.post("/t/three", "key", key, "failSecond", "false");
            assertEquals(200, r.status());
            String batch = r.taskIds().get(0).substring(0, 36);
            // web only: nothing ran, but the whole batch is stored and queued
            assertEquals(List.of(batch), redis.lrange(prefix + ":wait", 0, -1));
            assertTrue(redis.hget(prefix + ":b:" + batch, "p").contains("TestTasks#record"));
            assertTrue(http.get("/tasks/" + r.taskIds().get(2)).response().body().contains("\"state\":\"QUEUED\""));
        }
    }

    @Test
    void unreachableRedisAnswers503AndRunsNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", "redis://127.0.0.1:" + closedPort,
            "bgtasks.worker.enabled", "false", "bgtasks.redis.timeout", "500ms"))) {
            Http http = new Http(web.getURI());
            Http.Timed r = http.post("/t/record", "key", "unreachable", "label", "x");
            assertEquals(503, r.status());
            assertTrue(r.response().body().contains("background tasks could not be queued"), r.response().body());
            assertFalse(r.response().body().contains(Integer.toString(closedPort)) || r.response().body().contains("redis://"),
                "the 503 does not show the backend's address: " + r.response().body());
            assertTrue(r.response().headers().firstValue("Retry-After").isPresent());
            assertTrue(r.taskIds().isEmpty(), "no task id is announced for a batch that was not stored");
        }
    }
}
