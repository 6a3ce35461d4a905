package io.bgtasks;

import io.bgtasks.config.PropertyChecks;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.PostConstruct;

import java.time.Duration;

/**
 * The retry policy of the durable backends for tasks that declare none ({@code bgtasks.retry.*}). The
 * in-memory backend does not retry unless a task asks for it, as in FastAPI.
 */
@Context
@ConfigurationProperties("bgtasks.retry")
public class RetryDefaults {
    private static final String PREFIX = "bgtasks.retry.";

    /** Attempts of a task in all, the first included, 1 to 1000, on the durable backends. */
    @Bindable(defaultValue = "5")
    private int maxAttempts = 5;
    /** Delay before the first retry, more than 0. */
    @Bindable(defaultValue = "1s")
    private Duration initialDelay = Duration.ofSeconds(1);
    /** Factor by which each delay grows, 1 to 1000. */
    @Bindable(defaultValue = "2")
    private double multiplier = 2.0;
    /** Randomization of each delay, in [0, 1): 0.5 spreads a delay over 50% to 150% of it. */
    @Bindable(defaultValue = "0.5")
    private double jitter = 0.5;
    /** Bound of a single delay, at least the initial delay. */
    @Bindable(defaultValue = "10m")
    private Duration maxDelay = Duration.ofMinutes(10);

    /** @return total attempts, the first included (default 5) */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** @param maxAttempts total attempts */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = PropertyChecks.between(PREFIX + "max-attempts", maxAttempts, 1, 1000);
    }

    /** @return delay before the first retry (default 1s) */
    public Duration getInitialDelay() {
        return initialDelay;
    }

    /** @param initialDelay delay before the first retry */
    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = PropertyChecks.positive(PREFIX + "initial-delay", initialDelay);
    }

    /** @return growth factor of the delay (default 2) */
    public double getMultiplier() {
        return multiplier;
    }

    /** @param multiplier growth factor of the delay */
    public void setMultiplier(double multiplier) {
        this.multiplier = PropertyChecks.between(PREFIX + "multiplier", multiplier, 1, true, 1000, true);
    }

    /** @return randomization factor in [0, 1) (default 0.5) */
    public double getJitter() {
        return jitter;
    }

    /** @param jitter randomization factor */
    public void setJitter(double jitter) {
        this.jitter = PropertyChecks.between(PREFIX + "jitter", jitter, 0, true, 1, false);
    }

    /** @return bound of a single delay (default 10m) */
    public Duration getMaxDelay() {
        return maxDelay;
    }

    /** @param maxDelay bound of a single delay */
    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = PropertyChecks.positive(PREFIX + "max-delay", maxDelay);
    }

    @PostConstruct
    void check() {
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw PropertyChecks.invalid(PREFIX + "max-delay", maxDelay.toString(),
                "at least " + PREFIX + "initial-delay (" + initialDelay + ")");
        }
    }

    /** @return these settings as a policy */
    public RetryPolicy policy() {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, jitter, maxDelay, java.util.List.of(), java.util.List.of());
    }
}
