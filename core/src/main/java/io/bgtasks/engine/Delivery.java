package io.bgtasks.engine;

import io.bgtasks.spi.TraceHeaders;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * What a backend knows about this delivery of a batch, beyond its steps, for the {@link BatchExecutor}: when the step
 * it starts at became ready to run, and the trace the batch was submitted in.
 *
 * @param readyAt when the first step of this run could have started: the batch was stored, a delayed batch's start
 *                time, or a retry's due time. The time from it to the attempt's start is the queue wait
 *                ({@link TaskObserver#waited})
 * @param trace   the stored trace, or null
 */
public record Delivery(Instant readyAt, @Nullable TraceHeaders trace) {
    /** Checks the ready time. */
    public Delivery {
        Objects.requireNonNull(readyAt, "readyAt");
    }
}
