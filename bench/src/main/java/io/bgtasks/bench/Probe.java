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
    private static volatile long[] startMicros = new long[0];

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

    /**
     * Arms the probe for {@code n} delayed tasks numbered 0..n-1: each records its start on the wall clock,
     * the clock a due time is set on. @return the start times (epoch µs), filled in as the tasks start
     */
    static long[] expectStarts(int n) {
        long[] starts = new long[n];
        startMicros = starts;
        expect(n);
        return starts;
    }

    /** A delayed task started: its wall-clock start, then a completion, then a pickup if one waits for it. */
    static void startedAt(int i) {
        long now = wallMicros();
        long[] starts = startMicros;
        if (i >= 0 && i < starts.length) {
            starts[i] = now; // read after awaitAll/pickup: the counter's and the future's ordering publish it
        }
        done();
        if (i == pickupIndex) {
            pickup.complete(now);
        }
    }

    /** Epoch microseconds: Instant.now() has µs resolution here, and due times are epoch ms. */
    static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
