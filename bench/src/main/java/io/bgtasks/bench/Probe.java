package io.bgtasks.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the tasks report to the scenario that waits for them. Static, because the task bean lives in a
 * worker context that the scenario starts and stops, and one JVM runs one scenario at a time.
 */
final class Probe {
    private static final AtomicLong DONE = new AtomicLong();
    private static volatile long expected = Long.MAX_VALUE;
    private static volatile long lastDoneNanos;
    private static volatile CountDownLatch all = new CountDownLatch(0);
    private static volatile int pickupIndex = -1;
    private static volatile CompletableFuture<Long> pickup = new CompletableFuture<>();

    private Probe() {
    }

    /** Arms the probe for {@code n} task completions. */
    static void expect(long n) {
        DONE.set(0);
        expected = n;
        all = new CountDownLatch(1);
    }

    static void done() {
        if (DONE.incrementAndGet() == expected) {
            lastDoneNanos = System.nanoTime();
            all.countDown();
        }
    }

    /** @return nanoTime when the n-th expected task returned */
    static long awaitAll(long stallMs) throws InterruptedException {
        long last = -1;
        while (!all.await(stallMs, TimeUnit.MILLISECONDS)) {
            long now = DONE.get();
            if (now == last) {
                throw new IllegalStateException("stalled at " + now + "/" + expected + " tasks");
            }
            last = now;
        }
        return lastDoneNanos;
    }

    static long doneCount() {
        return DONE.get();
    }

    /** Arms the probe for the start of latency job {@code i}. @return completed with its start's nanoTime */
    static CompletableFuture<Long> expectPickup(int i) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        pickup = f;
        pickupIndex = i;
        return f;
    }

    static void started(int i) {
        long now = System.nanoTime();
        if (i == pickupIndex) {
            pickup.complete(now);
        }
    }
}
