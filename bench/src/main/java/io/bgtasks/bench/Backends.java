package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * How an application would configure each backend: the properties of a producer (takes tasks, runs none)
 * and of a worker, as separate contexts in this JVM. Each scenario gets a fresh key prefix, like the
 * BullMQ peer's fresh queue per scenario.
 *
 * <p>JobRunr hook: once {@code bgtasks-backend-jobrunr} is in main, add it to bench/pom.xml, add a
 * {@code JOBRUNR} constant whose properties select {@code bgtasks.backend=jobrunr} and its storage (a fresh
 * table prefix or database per scenario in place of the key prefix), and add it to {@code BACKENDS} in
 * bench/run.sh. The raw-JobRunr peer ({@code BackgroundJob}/{@code JobRequestScheduler} on the same
 * storage) belongs in its own main class that prints the same JSON lines as system {@code jobrunr}.
 */
enum Backends {
    INMEMORY("inmemory", false),
    REDIS("redis", true);

    final String name;
    final boolean durable;

    Backends(String name, boolean durable) {
        this.name = name;
        this.durable = durable;
    }

    /** @return the {@code system} field of its result lines */
    String system() {
        return "bgtasks-" + name;
    }

    static Backends of(String name) {
        for (Backends b : values()) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (inmemory, redis; jobrunr once it lands)");
    }

    /** @return the properties of an application on this backend, writing to the scenario's {@code prefix} */
    Map<String, Object> properties(String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", name);
        if (this == REDIS) {
            p.put("bgtasks.redis.uri", Knobs.REDIS_URL);
            p.put("bgtasks.redis.prefix", prefix);
            // like BullMQ's removeOnComplete: true; leases, checkpoints, retries and dead letters stay on
            p.put("bgtasks.redis.status-retention", "0s");
        }
        return p;
    }

    /** @return a started context that queues tasks and runs none (an in-memory context runs them anyway) */
    ApplicationContext producer(String prefix) {
        Map<String, Object> p = properties(prefix);
        p.put("bgtasks.worker.enabled", "false");
        return ApplicationContext.builder().properties(p).deduceEnvironment(false).start();
    }

    /** @return a started context whose worker runs {@code concurrency} batches at a time */
    ApplicationContext worker(String prefix, int concurrency) {
        Map<String, Object> p = properties(prefix);
        p.put("bgtasks.worker.concurrency", Integer.toString(concurrency));
        p.put("bgtasks.inmemory.max-concurrent-batches", Integer.toString(concurrency));
        return ApplicationContext.builder().properties(p).deduceEnvironment(false).start();
    }
}
