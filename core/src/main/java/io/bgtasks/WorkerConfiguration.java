package io.bgtasks;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the worker side of the durable backends, {@code bgtasks.worker.*}. A process can take
 * requests and run tasks (default), only take requests ({@code enabled=false}), or only run tasks
 * ({@code bgtasks.web.enabled=false} with {@link BgTasksApplication}).
 */
@ConfigurationProperties("bgtasks.worker")
public class WorkerConfiguration {
    private boolean enabled = true;
    private int concurrency = 16;
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

    /** @param concurrency batches run at the same time */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /**
     * @return how long a graceful shutdown waits for running tasks before handing them back to the queue
     *         (default 30s)
     */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout how long shutdown waits for running tasks */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }
}
