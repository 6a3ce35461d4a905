package io.bgtasks.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One {@link TestRedis} server and a plain client on it for a whole test class, started before its first test and
 * stopped after its last: {@code @RegisterExtension static final RedisPerClass REDIS = new RedisPerClass();}. Tests
 * keep apart with a prefix of their own ({@link TestRedis#freshPrefix}).
 */
final class RedisPerClass implements BeforeAllCallback, AfterAllCallback {
    private TestRedis server;
    private UnifiedJedis client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestRedis.start();
        client = RedisClient.create(server.uri());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** @return the server's URI, for the contexts under test */
    String uri() {
        return server.uri();
    }

    /** @return a plain client, to look at and to damage the keys the backend wrote */
    UnifiedJedis client() {
        return client;
    }
}
