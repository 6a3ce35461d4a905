package io.bgtasks.redis;

import io.bgtasks.contract.DurableBackendContract;
import java.util.Map;

/**
 * The durable contract on Redis: {@code REDIS_URL} when given, else a container ({@code BGTASKS_REDIS_IMAGE}, default
 * {@code redis:7}); each namespace is a key prefix of its own.
 */
class RedisBackendContractTest extends DurableBackendContract {
    private TestRedis server;

    @Override
    protected Map<String, Object> backend(String namespace) {
        return Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri(), "bgtasks.redis.prefix", "{" + namespace + "}");
    }

    private synchronized String uri() {
        if (server == null) {
            server = TestRedis.start();
        }
        return server.uri();
    }

    @Override
    protected void closeStorage() {
        if (server != null) {
            server.close();
        }
    }
}
