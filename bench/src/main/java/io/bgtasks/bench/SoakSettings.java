package io.bgtasks.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak run's knobs (bench/soak.sh), read from the environment by the coordinator and by its producer and worker
 * processes alike, and the application properties those processes start with. The children build their properties
 * here rather than through {@link Backends#properties}: that one recreates a PostgreSQL schema on first use in a JVM,
 * which a restarted worker must not do to the jobs of the run.
 */
final class SoakSettings {
    static final Duration LENGTH = Duration.ofSeconds(Knobs.integer("SOAK_SECONDS", 60 * Knobs.integer("SOAK_MINUTES", 30)));
    /** Tasks per second, submitted one batch (of one task) at a time by the producer process. */
    static final int RATE = Knobs.integer("SOAK_RATE", 200);
    /** SIGKILL the worker JVM this often and start a new one (0: never). */
    static final Duration KILL_EVERY = Duration.ofSeconds(Knobs.integer("SOAK_KILL_EVERY_S", 300));
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(Knobs.integer("SOAK_SAMPLE_S", 10));
    /** After the producer stops, how long the worker may take to run what is left (redeliveries included). */
    static final Duration DRAIN_MAX = Duration.ofSeconds(Knobs.integer("SOAK_DRAIN_S", 600));
    static final int CONCURRENCY = Knobs.integer("SOAK_CONCURRENCY", 20);
    /** 1: every batch carries an idempotency key (its number), so the Redis idempotency window is part of the bound. */
    static final boolean KEYED = Knobs.integer("SOAK_KEYED", 1) == 1;
    static final String STATUS_RETENTION = Knobs.env("SOAK_STATUS_RETENTION", "5m");
    static final String STATUS_MAX_SUCCEEDED = Knobs.env("SOAK_STATUS_MAX_SUCCEEDED", "");
    static final String IDEMPOTENCY_WINDOW = Knobs.env("SOAK_IDEMPOTENCY_WINDOW", "5m");
    static final String DELETE_SUCCEEDED = Knobs.env("SOAK_DELETE_SUCCEEDED_JOBS_AFTER", "5m");
    static final String PERMANENTLY_DELETE = Knobs.env("SOAK_PERMANENTLY_DELETE_JOBS_AFTER", "1m");
    /** The Redis the tasks record their runs in: apart from the measured one, so the ledger is not in its memory. */
    static final String LEDGER_URL = Knobs.env("SOAK_LEDGER_URL", "redis://127.0.0.1:6392");
    static final String PG_URL = Knobs.env("PG_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** Redis key prefix and PostgreSQL schema of the run (the schema is dropped and created by the coordinator). */
    static final String REDIS_PREFIX = "{soak}";
    static final String PG_SCHEMA = Knobs.env("SOAK_PG_SCHEMA", "bench_soak");

    private SoakSettings() {
    }

    /** @return the properties of a producer ({@code worker} false) or a worker of the run on {@code backend} */
    static Map<String, Object> properties(Backends backend, boolean worker) {
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", backend.name);
        p.put("bgtasks.worker.enabled", Boolean.toString(worker));
        p.put("bgtasks.worker.concurrency", Integer.toString(CONCURRENCY));
        switch (backend) {
            case REDIS -> {
                p.put("bgtasks.redis.uri", Knobs.REDIS_URL);
                p.put("bgtasks.redis.prefix", REDIS_PREFIX);
                p.put("bgtasks.redis.status-retention", STATUS_RETENTION);
                p.put("bgtasks.redis.idempotency-window", IDEMPOTENCY_WINDOW);
                if (!STATUS_MAX_SUCCEEDED.isEmpty()) {
                    p.put("bgtasks.redis.status-max-succeeded", STATUS_MAX_SUCCEEDED);
                }
            }
            case JOBRUNR -> {
                p.put("bgtasks.jobrunr.jdbc-url", PG_URL);
                p.put("bgtasks.jobrunr.table-prefix", PG_SCHEMA + ".");
                p.put("bgtasks.jobrunr.delete-succeeded-jobs-after", DELETE_SUCCEEDED);
                p.put("bgtasks.jobrunr.permanently-delete-jobs-after", PERMANENTLY_DELETE);
            }
            default -> throw new IllegalArgumentException("the soak run is for the durable backends, not " + backend.name);
        }
        return p;
    }

    /** @return the settings of the run, for its summary line */
    static Map<String, Object> describe(Backends backend) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_planned", LENGTH.toSeconds());
        m.put("rate_per_s", RATE);
        m.put("kill_every_s", KILL_EVERY.toSeconds());
        m.put("concurrency", CONCURRENCY);
        m.put("keyed", KEYED);
        if (backend == Backends.REDIS) {
            m.put("status_retention", STATUS_RETENTION);
            m.put("status_max_succeeded", STATUS_MAX_SUCCEEDED.isEmpty() ? "default" : STATUS_MAX_SUCCEEDED);
            m.put("idempotency_window", IDEMPOTENCY_WINDOW);
        } else {
            m.put("delete_succeeded_jobs_after", DELETE_SUCCEEDED);
            m.put("permanently_delete_jobs_after", PERMANENTLY_DELETE);
        }
        return m;
    }
}
