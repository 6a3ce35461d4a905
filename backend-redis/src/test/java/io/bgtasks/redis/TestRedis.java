package io.bgtasks.redis;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

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
        String image = System.getenv().getOrDefault("BGTASKS_REDIS_IMAGE", "redis:7");
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))
            .withExposedPorts(6379);
        container.start();
        return new TestRedis(container, "redis://" + container.getHost() + ":" + container.getMappedPort(6379));
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
