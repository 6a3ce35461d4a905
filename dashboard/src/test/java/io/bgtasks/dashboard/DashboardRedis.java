package io.bgtasks.dashboard;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Redis of the dashboard's tests: {@code REDIS_URL} when given, else a container ({@code BGTASKS_REDIS_IMAGE},
 * default {@code redis:7}).
 */
final class DashboardRedis implements AutoCloseable {
    private final GenericContainer<?> container;
    private final String uri;

    private DashboardRedis(GenericContainer<?> container, String uri) {
        this.container = container;
        this.uri = uri;
    }

    static DashboardRedis start() {
        String given = System.getenv("REDIS_URL");
        if (given != null && !given.isBlank()) {
            return new DashboardRedis(null, given);
        }
        String image = System.getenv().getOrDefault("BGTASKS_REDIS_IMAGE", "redis:7");
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))
            .withExposedPorts(6379);
        container.start();
        return new DashboardRedis(container, "redis://" + container.getHost() + ":" + container.getMappedPort(6379));
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
