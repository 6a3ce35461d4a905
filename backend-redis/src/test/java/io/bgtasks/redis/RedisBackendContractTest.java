package io.bgtasks.redis;

import io.bgtasks.contract.DurableBackendContract;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;

/**
 * The durable contract on Redis: {@code REDIS_URL} when given, else a container ({@code BGTASKS_REDIS_IMAGE}, default
 * {@code redis:7}); each namespace is a key prefix of its own.
 */
class RedisBackendContractTest extends DurableBackendContract {
    private GenericContainer<?> container;
    private String uri;

    @Override
    protected Map<String, Object> backend(String namespace) {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri(), "bgtasks.redis.prefix", "{" + namespace + "}");
    }

    private synchronized String uri() {
        if (uri == null) {
            String given = System.getenv("REDIS_URL");
            if (given != null && !given.isBlank()) {
                uri = given;
            } else {
                String image = System.getenv().getOrDefault("BGTASKS_REDIS_IMAGE", "redis:7");
                container = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("redis")).withExposedPorts(6379);
                container.start();
                uri = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
            }
        }
        return uri;
    }

    @Override
    protected void closeStorage() {
        if (container != null) {
            container.stop();
        }
    }
}
