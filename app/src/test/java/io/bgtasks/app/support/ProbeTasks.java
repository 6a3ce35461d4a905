package io.bgtasks.app.support;

import io.bgtasks.TaskHandler;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tasks that record what they do in Redis ({@code probe:<key>} lists, entries {@code label@pid}), so a test
 * can see what worker processes, including ones it killed, did.
 */
@TaskHandler
@Requires(property = "bgtasks.backend", value = "redis")
public class ProbeTasks {
    private final UnifiedJedis redis;
    private final long pid = ProcessHandle.current().pid();

    ProbeTasks(@Value("${bgtasks.redis.uri}") String uri) {
        this.redis = RedisClient.create(uri);
    }

    public static String list(String key) {
        return "probe:" + key;
    }

    public void mark(String key, String label) {
        redis.rpush(list(key), label + "@" + pid);
    }

    public void sleepThenMark(String key, String label, long millis) throws InterruptedException {
        redis.rpush(list(key), label + ":start@" + pid);
        Thread.sleep(millis);
        redis.rpush(list(key), label + "@" + pid);
    }

    @PreDestroy
    void close() {
        redis.close();
    }
}
