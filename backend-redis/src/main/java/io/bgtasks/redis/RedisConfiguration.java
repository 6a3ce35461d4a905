package io.bgtasks.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.bgtasks.config.PropertyChecks;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** Settings of the Redis backend, {@code bgtasks.redis.*}. */
@ConfigurationProperties("bgtasks.redis")
public class RedisConfiguration {
    /** The shortest lease: running batches are renewed every third of it. */
    public static final Duration MIN_LEASE = Duration.ofMillis(500);

    /** The Redis server, redis://[user:password@]host:port[/db], or rediss:// for TLS. */
    @Bindable(defaultValue = "redis://127.0.0.1:6379")
    private String uri = "redis://127.0.0.1:6379";
    /** The prefix of every key; the braces keep all keys of one application in one Redis Cluster slot. */
    @Bindable(defaultValue = "{bgtasks}")
    private String prefix = "{bgtasks}";
    /** How long a worker holds a batch without renewing it (renewed every third of it), at least 500ms. */
    @Bindable(defaultValue = "30s")
    private Duration lease = Duration.ofSeconds(30);
    /** How long a succeeded batch's status is kept; 0 deletes it at once. */
    @Bindable(defaultValue = "1h")
    private Duration statusRetention = Duration.ofHours(1);
    /** The most succeeded batches whose status is kept, 1 to 100000000; the oldest go first. */
    @Bindable(defaultValue = "100000")
    private int statusMaxSucceeded = 100_000;
    /** How long a batch submitted with an idempotency key is not stored again; 0: only while its record exists. */
    @Bindable(defaultValue = "24h")
    private Duration idempotencyWindow = Duration.ofHours(24);
    /** How long a dead letter is kept before the workers delete it. */
    @Bindable(defaultValue = "180d")
    private Duration deadLetterRetention = Duration.ofDays(180);
    /** The most dead letters kept, 1 to 100000000; the oldest go first. */
    @Bindable(defaultValue = "10000")
    private int deadLetterMax = 10_000;
    /** The most batches a worker leases in one round trip, 1 to 1000. */
    @Bindable(defaultValue = "50")
    private int fetchBatch = 50;
    /** The most connections to Redis per process, 1 to 10000 (at least worker concurrency + 4 are opened). */
    @Bindable(defaultValue = "32")
    private int poolSize = 32;
    /** Connect and read timeout of a Redis command. */
    @Bindable(defaultValue = "2s")
    private Duration timeout = Duration.ofSeconds(2);
    /** How long an idle worker waits for work before it checks expired leases (and due times it missed) again. */
    @Bindable(defaultValue = "1s")
    private Duration idlePoll = Duration.ofSeconds(1);

    /**
     * @return the server, {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS
     *         (default {@code redis://127.0.0.1:6379})
     */
    public String getUri() {
        return uri;
    }

    /** @param uri the server URI */
    public void setUri(String uri) {
        this.uri = uri;
    }

    /**
     * @return the prefix of every key (default {@code {bgtasks}}: the braces keep all keys in one Redis Cluster
     *         slot). Applications sharing a Redis but not their tasks use different prefixes.
     */
    public String getPrefix() {
        return prefix;
    }

    /** @param prefix the key prefix */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @return how long a worker holds a batch without renewing it; a batch of a worker that died is delivered
     *         again after this (default 30s). Running batches are renewed every third of it.
     */
    public Duration getLease() {
        return lease;
    }

    /** @param lease the lease */
    public void setLease(Duration lease) {
        // renewals come every third of the lease, each a Redis round trip: shorter leases expire under a running batch
        this.lease = PropertyChecks.atLeast("bgtasks.redis.lease", lease, MIN_LEASE,
            "so that a running batch's lease is renewed (every third of it) before it expires");
    }

    /**
     * @return how long a succeeded batch's status is kept (default 1h; 0 deletes it at once). Only what the status
     *         API shows is kept (states, attempts, times, step names), not the payload. Dead letters have their own
     *         {@link #getDeadLetterRetention()}; idempotency has {@link #getIdempotencyWindow()}.
     */
    public Duration getStatusRetention() {
        return statusRetention;
    }

    /** @param statusRetention how long finished statuses are kept */
    public void setStatusRetention(Duration statusRetention) {
        this.statusRetention = PropertyChecks.notNegative("bgtasks.redis.status-retention", statusRetention);
    }

    /**
     * @return the most succeeded batches whose status is kept (default 100000); beyond it the workers delete the
     *         oldest, a few hundred per fetch. With {@link #getStatusRetention()} this bounds the memory that finished
     *         batches hold in Redis (see docs/redis.md, Memory)
     */
    public int getStatusMaxSucceeded() {
        return statusMaxSucceeded;
    }

    /** @param statusMaxSucceeded the most succeeded statuses kept */
    public void setStatusMaxSucceeded(int statusMaxSucceeded) {
        this.statusMaxSucceeded = PropertyChecks.between("bgtasks.redis.status-max-succeeded", statusMaxSucceeded, 1,
            100_000_000);
    }

    /**
     * @return how long a batch submitted with an idempotency key ({@code TaskSubmitter.submit(key, ...)},
     *         {@code BackgroundTasks.idempotencyKey}) is not stored again, counted from its first submission (default
     *         24h). It is kept apart from the status, in one small key per batch, so it can outlive
     *         {@link #getStatusRetention()} cheaply. Whatever the window, a batch id is not stored again while its
     *         record exists (queued, running, waiting for a retry, dead, or a retained status). 0: only then.
     */
    public Duration getIdempotencyWindow() {
        return idempotencyWindow;
    }

    /** @param idempotencyWindow how long idempotency keys are remembered */
    public void setIdempotencyWindow(Duration idempotencyWindow) {
        this.idempotencyWindow = PropertyChecks.notNegative("bgtasks.redis.idempotency-window", idempotencyWindow);
    }

    /**
     * @return how long a dead letter (with its payload, so it can be requeued) is kept before the workers delete it
     *         (default 180d)
     */
    public Duration getDeadLetterRetention() {
        return deadLetterRetention;
    }

    /** @param deadLetterRetention how long dead letters are kept */
    public void setDeadLetterRetention(Duration deadLetterRetention) {
        this.deadLetterRetention = PropertyChecks.positive("bgtasks.redis.dead-letter-retention", deadLetterRetention);
    }

    /** @return the most dead letters kept (default 10000); beyond it the workers delete the oldest */
    public int getDeadLetterMax() {
        return deadLetterMax;
    }

    /** @param deadLetterMax the most dead letters kept */
    public void setDeadLetterMax(int deadLetterMax) {
        this.deadLetterMax = PropertyChecks.between("bgtasks.redis.dead-letter-max", deadLetterMax, 1, 100_000_000);
    }

    /** @return the most batches a worker leases in one round trip (default 50) */
    public int getFetchBatch() {
        return fetchBatch;
    }

    /** @param fetchBatch batches per fetch */
    public void setFetchBatch(int fetchBatch) {
        this.fetchBatch = PropertyChecks.between("bgtasks.redis.fetch-batch", fetchBatch, 1, 1000);
    }

    /** @return connections to Redis at most (default 32, at least worker concurrency + 4) */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the most connections */
    public void setPoolSize(int poolSize) {
        this.poolSize = PropertyChecks.between("bgtasks.redis.pool-size", poolSize, 1, 10_000);
    }

    /** @return connect and read timeout of a Redis command (default 2s) */
    public Duration getTimeout() {
        return timeout;
    }

    /** @param timeout the command timeout */
    public void setTimeout(Duration timeout) {
        this.timeout = PropertyChecks.positive("bgtasks.redis.timeout", timeout);
    }

    /**
     * @return how long an idle worker blocks waiting for work before it checks for expired leases again (default
     *         1s). New work wakes it at once, and so does the next due time it knows of (a delayed batch, a retry).
     */
    public Duration getIdlePoll() {
        return idlePoll;
    }

    /** @param idlePoll the idle wait */
    public void setIdlePoll(Duration idlePoll) {
        this.idlePoll = PropertyChecks.positive("bgtasks.redis.idle-poll", idlePoll);
    }
}
