package io.bgtasks.redis;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.arguments.ExactlyAsAdded;
import io.bgtasks.arguments.Samples;
import io.bgtasks.arguments.Stored;
import io.bgtasks.arguments.Tries;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every supported argument arrives exactly through Redis: submitted with {@code addTask}, stored by the backend's
 * own hand-off (Jedis, UTF-8), read back from the batch's hash and run the way the worker runs a leased batch.
 * Redis is {@code REDIS_URL} when given, else a container ({@code BGTASKS_REDIS_IMAGE}, default {@code redis:7}).
 */
class RedisStoredArgumentsPropertyTest {
    private static TestRedis server;
    private static ApplicationContext context;

    @BeforeAll
    static void start() {
        server = TestRedis.start();
        String uri = server.uri();
        // no worker: the test reads each stored batch back itself
        context = ApplicationContext.builder().properties(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri,
            "bgtasks.redis.prefix", "{bgt-args-" + UUID.randomUUID().toString().substring(0, 8) + "}",
            "bgtasks.worker.enabled", "false")).start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everySupportedArgumentArrivesExactlyFromRedis() {
        RedisConnection redis = context.getBean(RedisConnection.class);
        Tries.check(300, Samples.batches(), samples -> {
            List<TaskHandle> handles = context.getBean(TaskSubmitter.class).submit(t -> samples.forEach(s -> s.addTo(t)));
            String payload = redis.client().hget(context.getBean(RedisKeys.class).batch(handles.get(0).batchId()), "p");
            ExactlyAsAdded.check(samples, Stored.run(context, payload));
        });
    }
}
