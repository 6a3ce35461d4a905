package io.bgtasks.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The knobs, read from the environment with the same names and defaults as the BullMQ peer
 * ({@code ../shared/peers/bullmq-bench.mjs}), so one setting drives both sides of a comparison.
 */
final class Knobs {
    static final String REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6390");
    static final int N = integer("N", 50_000);
    static final int N_ADD = integer("N_ADD", N);
    static final int N_BULK = integer("N_BULK", N);
    static final int N_PROCESS = integer("N_PROCESS", N);
    static final int N_MEMORY = integer("N_MEMORY", N);
    static final int BULK_CHUNK = integer("BULK_CHUNK", 50);
    static final int PRELOAD_CHUNK = integer("PRELOAD_CHUNK", 1000);
    static final int C = integer("C", 100);
    /** Worker process counts of the scale run (bench/scale.sh). */
    static final List<Integer> SCALE_WORKERS = ints("SCALE_WORKERS", "1,2,4");
    static final int LAT_N = integer("LAT_N", 1000);
    /**
     * Our JobRunr backend's {@code bgtasks.jobrunr.instant-pickup} (default true); without it each pickup waits for
     * a poll (up to 5 s).
     */
    static final boolean JOBRUNR_INSTANT_PICKUP = Boolean.parseBoolean(env("JOBRUNR_INSTANT_PICKUP", "true"));
    /**
     * JobRunr scenarios (ours and the raw peer): jobs per add, add-bulk and process (a SQL store is slower), and
     * latency jobs: 200 with instant pickup, else 10, as each pickup waits for a poll (5 s) and 1000 of them would
     * take 80 minutes.
     */
    static final int N_JOBRUNR = integer("N_JOBRUNR", 10_000);
    static final int JOBRUNR_LAT_N = integer("JOBRUNR_LAT_N", JOBRUNR_INSTANT_PICKUP ? 200 : 10);
    /** Unmeasured latency jobs first on JobRunr: 20 with instant pickup, none when each waits for a poll. */
    static final int JOBRUNR_LAT_WARMUP = integer("JOBRUNR_LAT_WARMUP", JOBRUNR_INSTANT_PICKUP ? 20 : 0);
    /**
     * JobRunr storage (ours and the raw peer): empty for an H2 file per scenario, or a PostgreSQL JDBC URL
     * ({@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) for a schema per scenario in that database.
     */
    static final String JOBRUNR_JDBC_URL = env("JOBRUNR_JDBC_URL", "");
    static final int LAT_WARMUP = integer("LAT_WARMUP", 50);
    static final int LAT_GAP_MS = integer("LAT_GAP_MS", 5);
    static final int LAT_CONCURRENCY = integer("LAT_CONCURRENCY", 1);
    static final int WARMUP = integer("WARMUP", 2000);
    /**
     * Delayed tasks ({@code schedule}): SCHED_N one-task batches one at a time, each due SCHED_DELAY_MS after its
     * submission, with an idle worker (LAT_CONCURRENCY, LAT_GAP_MS after each start), SCHED_WARMUP unmeasured first.
     * JobRunr gets SCHED_N_JOBRUNR: its scheduled jobs wait for a poll (5 s), so 200 would take a quarter of an hour.
     */
    static final int SCHED_N = integer("SCHED_N", 200);
    static final int SCHED_N_JOBRUNR = integer("SCHED_N_JOBRUNR", 20);
    static final int SCHED_DELAY_MS = integer("SCHED_DELAY_MS", 200);
    static final int SCHED_WARMUP = integer("SCHED_WARMUP", 5);
    /**
     * Up to this many ms of random extra gap in {@code schedule}. A worker that waits for a due time in a Redis
     * BZPOPMIN timeout wakes only at Redis's clock tick (hz 10: every 100 ms); with a fixed gap each submission
     * follows the previous start, itself on a tick, so every sample lands at the same place between ticks (BullMQ: ~95
     * ms late each time). 100 spreads the submissions over the tick; 0 (the default) keeps the loop strictly paced.
     */
    static final int SCHED_JITTER_MS = integer("SCHED_JITTER_MS", 0);
    /**
     * Delayed tasks ({@code schedule-burst}): SCHED_BURST_N one-task batches submitted in bulk (submitAll, calls of
     * PRELOAD_CHUNK), due evenly over SCHED_BURST_SPREAD_MS starting SCHED_BURST_LEAD_MS after the first submission;
     * the worker runs C at a time. JobRunr gets SCHED_BURST_N_JOBRUNR (a SQL store moves scheduled jobs per poll).
     */
    static final int SCHED_BURST_N = integer("SCHED_BURST_N", 10_000);
    static final int SCHED_BURST_N_JOBRUNR = integer("SCHED_BURST_N_JOBRUNR", 1000);
    static final int SCHED_BURST_LEAD_MS = integer("SCHED_BURST_LEAD_MS", 2000);
    static final int SCHED_BURST_SPREAD_MS = integer("SCHED_BURST_SPREAD_MS", 1000);
    static final long STALL_MS = integer("STALL_MS", 60_000);
    /** HTTP scenario: wrk connections per pass, seconds measured and warm-up seconds per endpoint. */
    static final List<Integer> HTTP_CONNECTIONS = ints("HTTP_CONNECTIONS", "1,32");
    static final int HTTP_SECONDS = integer("HTTP_SECONDS", 8);
    static final int HTTP_WARMUP_SECONDS = integer("HTTP_WARMUP_SECONDS", 4);
    /**
     * HTTP scenario, paced pass: this many connections, each waiting {@link #HTTP_PACED_GAP_MS} between a response
     * and its next request, so the server is lightly loaded instead of saturated (0 connections: no paced pass). One
     * connection by default: wrk starts its connections together and paces each alike, so several paced connections
     * arrive as bursts and measure queueing within the burst rather than the latency of one request.
     */
    static final int HTTP_PACED_CONNECTIONS = integer("HTTP_PACED_CONNECTIONS", 1);
    static final int HTTP_PACED_GAP_MS = integer("HTTP_PACED_GAP_MS", 1);
    /**
     * Where handlers run, one pass each: MANUAL (Micronaut's default: on the event loop) and BLOCKING (on
     * virtual threads, as the example app does; its scenarios end in {@code -blocking}).
     */
    static final List<String> HTTP_THREAD_SELECTION = Arrays.stream(env("HTTP_THREAD_SELECTION", "MANUAL,BLOCKING").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    /** Sweeps: batches per bulk call, payload bytes per task, tasks per batch; jobs per sweep point. */
    static final List<Integer> SWEEP_CHUNKS = ints("SWEEP_CHUNKS", "1,10,50,200,1000");
    static final List<Integer> SWEEP_PAYLOADS = ints("SWEEP_PAYLOADS", "16,256,1024,4096,16384");
    static final List<Integer> SWEEP_STEPS = ints("SWEEP_STEPS", "1,3,10");
    static final int N_SWEEP = integer("N_SWEEP", 20_000);
    /**
     * Redis: how long a succeeded batch's status is kept ({@code bgtasks.redis.status-retention}); 0s, the default, deletes
     * it at once, like BullMQ's {@code removeOnComplete: true}. Set it (e.g. 1h) to measure the cost of retained statuses.
     */
    static final String STATUS_RETENTION = env("STATUS_RETENTION", "0s");
    /** Redis: {@code bgtasks.redis.status-max-succeeded} when set (the backend's default otherwise). */
    static final String STATUS_MAX_SUCCEEDED = env("STATUS_MAX_SUCCEEDED", "");
    /** Caps the bytes one payload sweep point stores, so 16 KiB payloads do not fill the machine. */
    static final long SWEEP_MAX_BYTES = integer("SWEEP_MAX_BYTES", 64 << 20);

    private Knobs() {
    }

    static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    static int integer(String key, int fallback) {
        int v = Integer.parseInt(env(key, Integer.toString(fallback)));
        if (v < 0) {
            throw new IllegalArgumentException("bad " + key + "=" + v);
        }
        return v;
    }

    private static List<Integer> ints(String key, String fallback) {
        return Arrays.stream(env(key, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .map(Integer::parseInt).toList();
    }
}
