package io.bgtasks.inmemory;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.bgtasks.config.PropertyChecks;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** Settings of the in-memory backend, {@code bgtasks.inmemory.*}. */
@ConfigurationProperties("bgtasks.inmemory")
public class InMemoryConfiguration {
    /** How long a graceful stop waits for running and waiting batches before dropping them. */
    @Bindable(defaultValue = "30s")
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /** How many batches run at the same time, 1 to 100000; more wait their turn in memory. */
    @Bindable(defaultValue = "100")
    private int maxConcurrentBatches = 100;
    /** Whether lambdas may be added as tasks; they run in this JVM only and cannot move to a durable backend. */
    @Bindable(defaultValue = "false")
    private boolean allowLocalLambdas = false;
    /** How long a task's status stays queryable after its last change. */
    @Bindable(defaultValue = "1h")
    private Duration statusRetention = Duration.ofHours(1);
    /** Whether every task's status is kept in memory; false keeps only those of batches with an idempotency key. */
    @Bindable(defaultValue = "true")
    private boolean keepStatuses = true;
    /** The most task statuses kept, 1 to 10000000; the oldest go first. */
    @Bindable(defaultValue = "10000")
    private int statusMaxEntries = 10_000;

    /** @return how long shutdown waits for running and pending batches before dropping them (default 30s) */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout how long shutdown waits */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = PropertyChecks.notNegative("bgtasks.inmemory.shutdown-timeout", shutdownTimeout);
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
        this.maxConcurrentBatches = PropertyChecks.between("bgtasks.inmemory.max-concurrent-batches", maxConcurrentBatches, 1, 100_000);
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
        this.statusRetention = PropertyChecks.positive("bgtasks.inmemory.status-retention", statusRetention);
    }

    /**
     * @return whether each task's status (queued, running, its outcome) and each finished batch is kept in memory for
     *         {@code GET /tasks/{id}}, the dashboard and {@code TaskStatusQuery} (default true). With false, tasks run
     *         the same but leave no record (their status reads as unknown) except those of batches with an idempotency
     *         key, whose record is how a repeated key is recognized: three records and a finished-batch entry fewer
     *         per task for an application that never reads them.
     */
    public boolean isKeepStatuses() {
        return keepStatuses;
    }

    /** @param keepStatuses whether statuses of batches without an idempotency key are kept */
    public void setKeepStatuses(boolean keepStatuses) {
        this.keepStatuses = keepStatuses;
    }

    /** @return the most task statuses kept; the oldest go first (default 10000) */
    public int getStatusMaxEntries() {
        return statusMaxEntries;
    }

    /** @param statusMaxEntries the most statuses kept */
    public void setStatusMaxEntries(int statusMaxEntries) {
        this.statusMaxEntries = PropertyChecks.between("bgtasks.inmemory.status-max-entries", statusMaxEntries, 1, 10_000_000);
    }
}
