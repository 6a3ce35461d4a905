package io.bgtasks.redis;

import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Contexts on the Redis backend in the roles of a deployment, all in the test's JVM: one that only submits (as a web
 * process with {@code bgtasks.worker.enabled=false}), and workers. Contexts given the same prefix share a queue.
 */
final class RedisApps {
    private RedisApps() {
    }

    /** @return the properties of a context on this server and prefix, plus {@code extra} name/value pairs */
    static Map<String, Object> properties(String uri, String prefix, String... extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", "redis");
        p.put("bgtasks.redis.uri", uri);
        p.put("bgtasks.redis.prefix", prefix);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** @return a started context that stores batches and runs none */
    static ApplicationContext submitterOnly(String uri, String prefix, String... extra) {
        Map<String, Object> p = properties(uri, prefix, extra);
        p.put("bgtasks.worker.enabled", "false");
        return ApplicationContext.run(p);
    }

    /** @return a started context whose worker fetches from the prefix's queue */
    static ApplicationContext worker(String uri, String prefix, String... extra) {
        return ApplicationContext.run(properties(uri, prefix, extra));
    }
}
