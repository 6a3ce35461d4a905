package io.bgtasks.app.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage written straight into the queue is dead-lettered with its reason, without retries, and the worker
 * keeps processing good tasks.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPoisonTest implements TestPropertyProvider {
    private final String prefix = RedisServer.freshPrefix();
    private final UnifiedJedis redis = RedisServer.client();

    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;
    @Inject
    BackgroundWork work;
    @Inject
    DeadLetters deadLetters;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(), "bgtasks.redis.prefix", prefix);
    }

    @AfterAll
    void close() {
        redis.close();
    }

    private String poison(String payload) {
        String id = UUID.randomUUID().toString();
        if (payload != null) {
            redis.hset(prefix + ":b:" + id, Map.of("p", payload, "c", Long.toString(System.currentTimeMillis())));
        }
        redis.rpush(prefix + ":wait", id);
        return id;
    }

    @Test
    void poisonIsDeadLetteredWithItsReasonAndGoodTasksStillRun() throws Exception {
        Map<String, String> reasons = Map.of(
            poison(null), "no payload is stored",
            poison("this is not json"), "payload is not valid JSON",
            poison("[{\"x\":1}]"), "needs a task name",
            poison("[{\"n\":\"com.example.Gadget#run\",\"a\":[]}]"), "unknown task 'com.example.Gadget#run'",
            poison("[{\"n\":\"io.bgtasks.app.support.TestTasks#record\",\"a\":[\"only-one\"]}]"), "must be a JSON array of 2 values",
            poison("[{\"n\":\"io.bgtasks.app.support.TestTasks#flaky\",\"a\":[\"k\",\"not a number\"]}]"), "argument 2");
        redis.zadd(prefix + ":marker", 0, "m");

        String key = UUID.randomUUID().toString();
        Http http = new Http(server.getURI());
        assertEquals(200, http.post("/t/record", "key", key, "label", "good").status());
        assertTrue(work.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of("good"), recorder.labels(key), "the worker kept going");

        Map<String, DeadLetter> letters = deadLetters.list(0, 100).stream()
            .collect(Collectors.toMap(DeadLetter::batchId, l -> l));
        assertEquals(reasons.size(), letters.size(), letters.toString());
        reasons.forEach((id, reason) -> {
            DeadLetter letter = letters.get(id);
            assertTrue(letter != null && letter.error().contains(reason), id + " should be dead with '" + reason + "': " + letter);
            assertTrue(letter.attempts() <= 1, "poison is not retried: " + letter);
        });
    }
}
