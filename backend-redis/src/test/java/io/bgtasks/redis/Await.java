package io.bgtasks.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for a condition with a deadline, for what no journal signals (Redis keys, a task's status). */
final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 20 ms; fails with {@code message} once the timeout has passed. */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("after " + timeout.toMillis() + " ms: " + message.get());
            }
            Thread.sleep(20);
        }
    }
}
