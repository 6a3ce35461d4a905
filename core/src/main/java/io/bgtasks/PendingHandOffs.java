package io.bgtasks;

import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Counts batches that are sealed but wait for their response to be written. A client can hold the
 * response before the after-response hook has handed the batch on, so "idle" must include these.
 */
@Singleton
final class PendingHandOffs {
    private int pending;

    synchronized void add() {
        pending++;
    }

    synchronized void done() {
        pending--;
        if (pending == 0) {
            notifyAll();
        }
    }

    /** @return true when none is pending, false when the timeout passed first */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
