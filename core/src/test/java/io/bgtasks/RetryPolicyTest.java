package io.bgtasks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    @Test
    void delaysGrowExponentiallyUpToTheBound() {
        RetryPolicy p = RetryPolicy.attempts(10).withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000)).withJitter(0);
        assertEquals(100, p.delayAfter(1).toMillis());
        assertEquals(200, p.delayAfter(2).toMillis());
        assertEquals(400, p.delayAfter(3).toMillis());
        assertEquals(800, p.delayAfter(4).toMillis());
        assertEquals(1000, p.delayAfter(5).toMillis());
        assertEquals(1000, p.delayAfter(9).toMillis());
    }

    @Test
    void jitterSpreadsDelaysWithinItsFraction() {
        RetryPolicy p = RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(1000), Duration.ofMinutes(1)).withJitter(0.5);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            long d = p.delayAfter(1).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 500 && max <= 1500, min + ".." + max);
        assertTrue(max - min > 300, "500 draws spread: " + min + ".." + max);
    }

    @Test
    void retryOnAndIgnoreDecideWhichErrorsAreRetried() {
        RetryPolicy p = RetryPolicy.attempts(3).retryOn(IOException.class, UncheckedIOException.class)
            .ignoring(java.io.FileNotFoundException.class);
        assertTrue(p.shouldRetry(new IOException("x"), 1));
        assertFalse(p.shouldRetry(new IOException("x"), 3), "no attempt left");
        assertFalse(p.shouldRetry(new IllegalStateException("x"), 1), "not in retryOn");
        assertFalse(p.shouldRetry(new java.io.FileNotFoundException("x"), 1), "ignored wins");
        RetryPolicy all = RetryPolicy.attempts(2);
        assertTrue(all.shouldRetry(new IllegalStateException("x"), 1), "empty retryOn retries everything");
        assertFalse(RetryPolicy.NONE.shouldRetry(new IllegalStateException("x"), 1));
    }

    @Test
    void badPoliciesFailWhereTheyAreDeclared() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.attempts(0));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.attempts(2).withJitter(1.0));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.attempts(2).withMultiplier(0.5));
        assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.attempts(2).withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void theResilience4jConfigMatches() {
        var config = RetryPolicy.attempts(4).withBackoff(Duration.ofMillis(50), Duration.ofSeconds(5)).withJitter(0).toRetryConfig();
        assertEquals(4, config.getMaxAttempts());
        assertEquals(100L, config.getIntervalBiFunction().apply(2, null));
    }
}
