package io.bgtasks;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How often and how far apart a failed task is tried again. One model for every backend, built on
 * resilience4j-retry: the delays come from its exponential {@link IntervalFunction} (with jitter), the
 * retryable exceptions from its {@link RetryConfig} predicate.
 *
 * <p>The in-memory backend sleeps between attempts on the task's virtual thread; the durable backends
 * store the next attempt's due time instead, so a waiting retry survives a restart.
 *
 * @param maxAttempts  total attempts, the first one included (1 = no retry)
 * @param initialDelay delay before the first retry
 * @param multiplier   factor applied to the delay after each retry (at least 1)
 * @param jitter       randomization factor in [0, 1): each delay varies by up to this fraction either way
 * @param maxDelay     upper bound of any single delay
 * @param retryOn      exception types that are retried; empty means every exception that is not ignored
 * @param ignore       exception types that fail the task at once, without retry
 */
public record RetryPolicy(int maxAttempts,
                          Duration initialDelay,
                          double multiplier,
                          double jitter,
                          Duration maxDelay,
                          List<Class<? extends Throwable>> retryOn,
                          List<Class<? extends Throwable>> ignore) {

    /** One attempt, no retry: the in-memory backend's default, as in FastAPI. */
    public static final RetryPolicy NONE =
        new RetryPolicy(1, Duration.ofSeconds(1), 2.0, 0.0, Duration.ofSeconds(1), List.of(), List.of());

    /** Validates the policy so that a bad one fails where it is declared, not when a task fails. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.toMillis() < 1 || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 1ms <= initialDelay <= maxDelay, got "
                + initialDelay + " and " + maxDelay);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("retry multiplier must be >= 1, got " + multiplier);
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1), got " + jitter);
        }
        retryOn = List.copyOf(retryOn);
        ignore = List.copyOf(ignore);
    }

    /**
     * A policy with {@code maxAttempts} attempts and the library's default spacing: 1 s, doubling,
     * 50 % jitter, at most 10 min.
     *
     * @param maxAttempts total attempts, the first one included
     * @return the policy
     */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofSeconds(1), 2.0, 0.5, Duration.ofMinutes(10), List.of(), List.of());
    }

    /**
     * @param delay first retry delay
     * @param max bound of any delay
     * @return a copy with these delays
     */
    public RetryPolicy withBackoff(Duration delay, Duration max) {
        return new RetryPolicy(maxAttempts, delay, multiplier, jitter, max, retryOn, ignore);
    }

    /**
     * @param factor growth factor of the delay
     * @return a copy with this multiplier
     */
    public RetryPolicy withMultiplier(double factor) {
        return new RetryPolicy(maxAttempts, initialDelay, factor, jitter, maxDelay, retryOn, ignore);
    }

    /**
     * @param factor randomization factor in [0, 1)
     * @return a copy with this jitter
     */
    public RetryPolicy withJitter(double factor) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, factor, maxDelay, retryOn, ignore);
    }

    /**
     * @param types exception types to retry (others fail at once)
     * @return a copy retrying only these
     */
    @SafeVarargs
    public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, jitter, maxDelay, List.of(types), ignore);
    }

    /**
     * @param types exception types that are never retried
     * @return a copy ignoring these
     */
    @SafeVarargs
    public final RetryPolicy ignoring(Class<? extends Throwable>... types) {
        return new RetryPolicy(maxAttempts, initialDelay, multiplier, jitter, maxDelay, retryOn, List.of(types));
    }

    /**
     * The equivalent resilience4j configuration.
     *
     * @return a {@link RetryConfig} with these attempts, intervals and exception rules
     */
    @SuppressWarnings("unchecked")
    public RetryConfig toRetryConfig() {
        return RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalFunction(intervals())
            .retryExceptions(retryOn.toArray(new Class[0]))
            .ignoreExceptions(ignore.toArray(new Class[0]))
            .build();
    }

    /** @return resilience4j's interval function for this policy (attempt 1 → initial delay) */
    public IntervalFunction intervals() {
        return jitter > 0
            ? IntervalFunction.ofExponentialRandomBackoff(initialDelay, multiplier, jitter, maxDelay)
            : IntervalFunction.ofExponentialBackoff(initialDelay, multiplier, maxDelay);
    }

    /**
     * The delay to wait after attempt number {@code failedAttempt} failed.
     *
     * @param failedAttempt 1 for the first attempt
     * @return the delay, randomized when jitter is set
     */
    public Duration delayAfter(int failedAttempt) {
        return Duration.ofMillis(intervals().apply(failedAttempt));
    }

    /**
     * Whether a task that failed with {@code error} on attempt {@code failedAttempt} gets another attempt.
     *
     * @param error         what the attempt threw
     * @param failedAttempt 1 for the first attempt
     * @return true when attempts remain and the exception type is retryable
     */
    public boolean shouldRetry(Throwable error, int failedAttempt) {
        return failedAttempt < maxAttempts && retryable().test(error);
    }

    private Predicate<Throwable> retryable() {
        return toRetryConfig().getExceptionPredicate();
    }
}
