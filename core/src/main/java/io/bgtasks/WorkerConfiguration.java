package io.bgtasks;

import io.bgtasks.config.PropertyChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the worker side of the durable backends, {@code bgtasks.worker.*}. A process can take
 * requests and run tasks (default), only take requests ({@code enabled=false}), or only run tasks
 * ({@code bgtasks.web.enabled=false} with {@link BgTasksApplication}).
 */
@Context
@ConfigurationProperties("bgtasks.worker")
public class WorkerConfiguration {
    /** The most batches one process may run at once. */
    public static final int MAX_CONCURRENCY = 10_000;

    /** Whether this process runs tasks; false makes a web-only process that stores batches and runs none. */
    @Bindable(defaultValue = "true")
    private boolean enabled = true;
    /** How many batches this process runs at the same time, 1 to 10000. */
    @Bindable(defaultValue = "16")
    private int concurrency = 16;
    /** How long a graceful stop waits for running tasks before handing them back to the queue. */
    @Bindable(defaultValue = "30s")
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** @return whether this process runs tasks (default true) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether this process runs tasks */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return how many batches this process runs at the same time (default 16) */
    public int getConcurrency() {
        return concurrency;
    }

    /** @param concurrency batches run at the same time, 1 to {@value #MAX_CONCURRENCY} */
    public void setConcurrency(int concurrency) {
        this.concurrency = PropertyChecks.between("bgtasks.worker.concurrency", concurrency, 1, MAX_CONCURRENCY);
    }

    /**
     * @return how long a graceful shutdown waits for running tasks before handing them back to the queue
     *         (default 30s)
     */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout how long shutdown waits for running tasks, 0 or more */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = PropertyChecks.notNegative("bgtasks.worker.shutdown-timeout", shutdownTimeout);
    }
}
