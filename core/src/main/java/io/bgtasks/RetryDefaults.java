package io.bgtasks;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * The retry policy of the durable backends for tasks that declare none ({@code bgtasks.retry.*}). The
 * in-memory backend does not retry unless a task asks for it, as in FastAPI.
 */
@ConfigurationProperties("bgtasks.retry")
public class RetryDefaults {
    private int maxAttempts = 5;
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private double jitter = 0.5;
    private Duration maxDelay = Duration.ofMinutes(10);

    /** @return total attempts, the first included (default 5) */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** @param maxAttempts total attempts */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** @return delay before the first retry (default 1s) */
    public Duration getInitialDelay() {
        return initialDelay;
    }

    /** @param initialDelay delay before the first retry */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    /** @return growth factor of the delay (default 2) */
    public double getMultiplier() {
        return multiplier;
    }

    /** @param multiplier growth factor of the delay */
    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    /** @return randomization factor in [0, 1) (default 0.5) */
    public double getJitter() {
        return jitter;
    }

    /** @param jitter randomization factor */
    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    /** @return bound of a single delay (default 10m) */
    public Duration getMaxDelay() {
        return maxDelay;
    }

    /** @param maxDelay bound of a single delay */
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    /** @return these settings as a policy */
    public RetryPolicy policy() {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, jitter, maxDelay, java.util.List.of(), java.util.List.of());
    }
}
