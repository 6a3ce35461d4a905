package io.bgtasks.bench;

import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How an application would configure each backend: the properties of a producer (takes tasks, runs none)
 * and of a worker, as separate contexts in this JVM. Each scenario gets a fresh store, like the BullMQ peer's
 * fresh queue per scenario: a key prefix on Redis, a new H2 file for JobRunr (the backend's default storage), or
 * with {@link Knobs#JOBRUNR_JDBC_URL} a new PostgreSQL schema ({@link PgStore}); {@link RawJobRunr} uses the same.
 */
enum Backends {
    INMEMORY("inmemory", false),
    REDIS("redis", true),
    JOBRUNR("jobrunr", true);

    final String name;
    final boolean durable;

    Backends(String name, boolean durable) {
        this.name = name;
        this.durable = durable;
    }

    /** @return the {@code system} field of its result lines ({@code bgtasks-jobrunr-pg} on PostgreSQL) */
    String system() {
        return "bgtasks-" + name + (this == JOBRUNR ? PgStore.systemSuffix() : "");
    }

    static Backends of(String name) {
        for (Backends b : values()) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (inmemory, redis, jobrunr)");
    }

    /**
     * @return the properties of an application on this backend, writing to the scenario's {@code prefix} (on
     *         PostgreSQL its schema is created on the first call)
     */
    Map<String, Object> properties(String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", name);
        if (this == REDIS) {
            p.put("bgtasks.redis.uri", Knobs.REDIS_URL);
            p.put("bgtasks.redis.prefix", prefix);
            // like BullMQ's removeOnComplete: true; leases, checkpoints, retries and dead letters stay on
            p.put("bgtasks.redis.status-retention", Knobs.STATUS_RETENTION);
            if (!Knobs.STATUS_MAX_SUCCEEDED.isEmpty()) {
                p.put("bgtasks.redis.status-max-succeeded", Knobs.STATUS_MAX_SUCCEEDED);
            }
        } else if (this == JOBRUNR) {
            // JobRunr's defaults otherwise (5 s poll, succeeded jobs kept 36 h, pool of 10), as for the raw JobRunr peer
            p.put("bgtasks.jobrunr.instant-pickup", Boolean.toString(Knobs.JOBRUNR_INSTANT_PICKUP));
            if (PgStore.enabled()) {
                p.put("bgtasks.jobrunr.jdbc-url", Knobs.JOBRUNR_JDBC_URL);
                p.put("bgtasks.jobrunr.table-prefix", PgStore.tablePrefix(prefix));
            } else {
                p.put("bgtasks.jobrunr.h2-path", h2Path(prefix).toString());
            }
        }
        return p;
    }

    /** @return the H2 file of a scenario (JobRunr backend and raw peer) */
    static Path h2Path(String prefix) {
        return dataDir(prefix).resolve("jobrunr");
    }

    private static Path dataDir(String prefix) {
        return Path.of(System.getProperty("java.io.tmpdir"), "bgtasks-bench", prefix.replaceAll("[^\\w-]", ""));
    }

    /** Removes what a scenario stored: its Redis keys, its H2 files or its PostgreSQL schema. */
    void cleanup(String prefix, RedisAdmin redis) {
        if (this == REDIS) {
            redis.deletePrefix(prefix);
        } else if (this == JOBRUNR && PgStore.enabled()) {
            PgStore.drop(prefix);
        } else if (this == JOBRUNR) {
            deleteTree(dataDir(prefix));
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
