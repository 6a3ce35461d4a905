package io.bgtasks;

import io.bgtasks.spi.TaskSink;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Test support: waits for background work to finish, so a test can assert on what its tasks did.
 *
 * <pre>{@code
 * client.send(request, ...);
 * assertTrue(backgroundWork.awaitIdle(Duration.ofSeconds(10)));
 * }</pre>
 *
 * <p>To run tasks inline instead (before the response, in the request's thread), set
 * {@code bgtasks.backend=inline}.
 */
@Singleton
public class BackgroundWork {
    private final TaskSink sink;
    private final PendingHandOffs pending;

    BackgroundWork(TaskSink sink, PendingHandOffs pending) {
        this.sink = sink;
        this.pending = pending;
    }

    /**
     * @param timeout how long to wait at most
     * @return true when every batch handed off so far has finished, false when the timeout passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        if (!pending.awaitNone(timeout)) {
            return false;
        }
        return sink.awaitIdle(timeout.minusNanos(System.nanoTime() - start));
    }
}
