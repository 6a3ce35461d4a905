package io.bgtasks.spi;

import java.time.Duration;
import java.util.List;

/**
 * Where sealed batches go: the one SPI every backend implements. Exactly one sink is active, chosen by
 * {@code bgtasks.backend}; core never names a backend.
 */
public interface TaskSink {

    /** When the request's batch is handed to {@link #submit}. */
    enum HandOff {
        /**
         * After the handler returned and before the response is written, on a blocking thread: a 2xx
         * response then means the batch is stored. Durable backends use this.
         */
        BEFORE_RESPONSE,
        /**
         * After the last byte of the response was handed to the socket, on the event loop: {@code submit}
         * must not block. The in-memory backend uses this, like FastAPI.
         */
        AFTER_RESPONSE
    }

    /** @return the hand-off point of this backend */
    HandOff handOff();

    /**
     * Accepts a batch. Either the whole batch is accepted or none of it.
     *
     * @param batch the sealed batch
     * @throws TaskSinkUnavailableException when the backend cannot take the batch now (answered with 503)
     */
    void submit(TaskBatch batch);

    /**
     * Accepts many batches at once (bulk enqueue). A durable backend overrides this to store them in one
     * round trip, all or none; the default hands them to {@link #submit} one by one, so a failure part-way
     * leaves the earlier batches accepted.
     *
     * @param batches the sealed batches, in order
     * @throws TaskSinkUnavailableException when the backend cannot take them now
     */
    default void submitAll(List<TaskBatch> batches) {
        for (TaskBatch batch : batches) {
            submit(batch);
        }
    }

    /**
     * Called for an {@link HandOff#AFTER_RESPONSE} sink before the response is written, on the event loop
     * (must not block): the client holds the task ids once the response arrives, so a sink that answers
     * status queries records the tasks here, not only at {@link #submit}, which comes later. Every announced
     * batch is submitted afterwards, also when the client has gone.
     *
     * @param batch the sealed batch that will be submitted after the response
     */
    default void announce(TaskBatch batch) {
    }

    /**
     * Whether this backend runs {@link TaskCall#local()} lambdas. Only the in-memory backend can, and
     * only when configured to: every other lambda fails at {@code addTask}.
     *
     * @return true to accept local-only lambdas
     */
    default boolean acceptsLocalTasks() {
        return false;
    }

    /**
     * Waits until every batch handed to this sink so far has finished (for tests and shutdown hooks).
     *
     * @param timeout how long to wait at most
     * @return true when idle, false when the timeout passed first
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException;
}
