package io.bgtasks.redis;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Settings of the Redis backend, {@code bgtasks.redis.*}. */
@ConfigurationProperties("bgtasks.redis")
public class RedisConfiguration {
    private String uri = "redis://127.0.0.1:6379";
    private String prefix = "{bgtasks}";
    private Duration lease = Duration.ofSeconds(30);
    private Duration statusRetention = Duration.ofHours(1);
    private int fetchBatch = 50;
    private int poolSize = 32;
    private Duration timeout = Duration.ofSeconds(2);
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
        this.lease = lease;
    }

    /**
     * @return how long a finished batch's status (and its idempotency key) is kept (default 1h; 0 deletes at once)
     */
    public Duration getStatusRetention() {
        return statusRetention;
    }

    /** @param statusRetention how long finished statuses are kept */
    public void setStatusRetention(Duration statusRetention) {
        this.statusRetention = statusRetention;
    }

    /** @return the most batches a worker leases in one round trip (default 50) */
    public int getFetchBatch() {
        return fetchBatch;
    }

    /** @param fetchBatch batches per fetch */
    public void setFetchBatch(int fetchBatch) {
        this.fetchBatch = fetchBatch;
    }

    /** @return connections to Redis at most (default 32, at least worker concurrency + 4) */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the most connections */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** @return connect and read timeout of a Redis command (default 2s) */
    public Duration getTimeout() {
        return timeout;
    }

    /** @param timeout the command timeout */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @return how long an idle worker blocks waiting for work before it checks for due retries and expired
     *         leases again (default 1s). New work wakes it at once.
     */
    public Duration getIdlePoll() {
        return idlePoll;
    }

    /** @param idlePoll the idle wait */
    public void setIdlePoll(Duration idlePoll) {
        this.idlePoll = idlePoll;
    }
}
