package io.bgtasks.app.support;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.util.UUID;

/**
 * The Redis the tests run against: the address in {@code REDIS_URL} when given, else one container per test
 * JVM (image from {@code BGTASKS_REDIS_IMAGE} or the {@code bgtasks.test.redis-image} property, default the
 * official {@code redis:7}), with AOF on. Tests isolate themselves with a key prefix of their own.
 */
public final class RedisServer {
    private static String uri;
    private static GenericContainer<?> container;

    private RedisServer() {
    }

    /** The image for Redis containers. */
    public static DockerImageName image() {
        String image = System.getenv("BGTASKS_REDIS_IMAGE");
        if (image == null || image.isBlank()) {
            image = System.getProperty("bgtasks.test.redis-image", "redis:7");
        }
        return DockerImageName.parse(image).asCompatibleSubstituteFor("redis");
    }

    /** @return the shared server's URI, starting its container on first use */
    public static synchronized String uri() {
        if (uri == null) {
            String given = System.getenv("REDIS_URL");
            if (given != null && !given.isBlank()) {
                uri = given;
            } else {
                container = new GenericContainer<>(image())
                    .withExposedPorts(6379)
                    .withCommand("redis-server", "--appendonly", "yes", "--protected-mode", "no");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                uri = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
            }
        }
        return uri;
    }

    /** @return a key prefix no other test uses */
    public static String freshPrefix() {
        return "{bgt-" + UUID.randomUUID().toString().substring(0, 8) + "}";
    }

    /** @return a new client to the shared server (close it) */
    public static UnifiedJedis client() {
        return RedisClient.create(uri());
    }
}
