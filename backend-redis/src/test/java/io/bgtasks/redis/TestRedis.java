package io.bgtasks.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.UUID;

/**
 * The Redis this module's tests run against: {@code REDIS_URL} when given, else a container per test class
 * ({@code BGTASKS_REDIS_IMAGE}, default {@code redis:7}). Tests isolate themselves with a key prefix of their own.
 */
final class TestRedis implements AutoCloseable {
    private final GenericContainer<?> container;
    private final String uri;

    private TestRedis(GenericContainer<?> container, String uri) {
        this.container = container;
        this.uri = uri;
    }

    static TestRedis start() {
        String given = System.getenv("REDIS_URL");
        if (given != null && !given.isBlank()) {
            return new TestRedis(null, given);
        }
        GenericContainer<?> container = new GenericContainer<>(image()).withExposedPorts(6379);
        container.start();
        return new TestRedis(container, "redis://" + container.getHost() + ":" + container.getMappedPort(6379));
    }

    /** @return the image for Redis containers, also for a test that needs a server of its own (a password) */
    static DockerImageName image() {
        String image = System.getenv().getOrDefault("BGTASKS_REDIS_IMAGE", "redis:7");
        return DockerImageName.parse(image).asCompatibleSubstituteFor("redis");
    }

    /** @return a key prefix no other test uses, in braces so that a cluster would keep its keys in one slot */
    static String freshPrefix(String what) {
        return "{" + what + "-" + UUID.randomUUID().toString().substring(0, 8) + "}";
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }
}
