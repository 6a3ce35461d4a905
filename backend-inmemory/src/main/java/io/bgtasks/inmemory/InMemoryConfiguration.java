package io.bgtasks.inmemory;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Settings of the in-memory backend, {@code bgtasks.inmemory.*}. */
@ConfigurationProperties("bgtasks.inmemory")
public class InMemoryConfiguration {
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private int maxConcurrentBatches = 100;
    private boolean allowLocalLambdas = false;
    private Duration statusRetention = Duration.ofHours(1);
    private int statusMaxEntries = 10_000;

    /** @return how long shutdown waits for running and pending batches before dropping them (default 30s) */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout how long shutdown waits */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * @return how many batches (requests' task lists) run at the same time; more wait their turn (default 100).
     *         Tasks within a batch always run one after another.
     */
    public int getMaxConcurrentBatches() {
        return maxConcurrentBatches;
    }

    /** @param maxConcurrentBatches batches running at the same time */
    public void setMaxConcurrentBatches(int maxConcurrentBatches) {
        this.maxConcurrentBatches = maxConcurrentBatches;
    }

    /**
     * @return whether lambdas may be added as tasks (default false). They run in this JVM only: an application
     *         that relies on it cannot switch to a durable backend without changing code.
     */
    public boolean isAllowLocalLambdas() {
        return allowLocalLambdas;
    }

    /** @param allowLocalLambdas whether lambdas are accepted on this backend */
    public void setAllowLocalLambdas(boolean allowLocalLambdas) {
        this.allowLocalLambdas = allowLocalLambdas;
    }

    /** @return how long a task's status stays queryable after its last change (default 1h) */
    public Duration getStatusRetention() {
        return statusRetention;
    }

    /** @param statusRetention how long statuses are kept */
    public void setStatusRetention(Duration statusRetention) {
        this.statusRetention = statusRetention;
    }

    /** @return the most task statuses kept; the oldest go first (default 10000) */
    public int getStatusMaxEntries() {
        return statusMaxEntries;
    }

    /** @param statusMaxEntries the most statuses kept */
    public void setStatusMaxEntries(int statusMaxEntries) {
        this.statusMaxEntries = statusMaxEntries;
    }
}
