package io.bgtasks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the retry policy of one task method (see {@link RetryPolicy} for the meaning of each member).
 *
 * <p>Without it a task uses the backend's default: no retry in memory, {@code bgtasks.retry.*} on the
 * durable backends. A policy given per call with {@link TaskHandle#retry(RetryPolicy)} wins over this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TaskRetry {
    /** @return total attempts, the first one included */
    int attempts() default 3;

    /** @return delay before the first retry, as a {@link java.time.Duration} string ("1s", "PT1S", "500ms") */
    String delay() default "1s";

    /** @return factor applied to the delay after each retry */
    double multiplier() default 2.0;

    /** @return randomization factor in [0, 1): the delay varies by this fraction either way */
    double jitter() default 0.5;

    /** @return upper bound of a single delay */
    String maxDelay() default "10m";

    /** @return exception types that are retried; empty means every exception not ignored */
    Class<? extends Throwable>[] retryOn() default {};

    /** @return exception types that fail the task at once */
    Class<? extends Throwable>[] ignore() default {};
}
