package io.bgtasks.redis;

import io.bgtasks.engine.Delivery;
import io.bgtasks.spi.TraceHeaders;

import java.time.Instant;

/**
 * A batch a worker holds a lease on.
 *
 * @param id      the batch id
 * @param payload the stored steps (JSON)
 * @param step    the step to run (the checkpoint)
 * @param attempt which attempt of that step this is (1 = first; counts deliveries to workers that died)
 * @param ready   when it became ready to run as stored (ms: a retry's due time, a delayed batch's start time, else when
 *                it was stored); may be damaged
 * @param trace   the stored trace headers, '' when none; may be damaged
 */
record Leased(String id, String payload, int step, int attempt, String ready, String trace) {
    /**
     * What the executor needs beyond the steps. Neither value may keep a batch from running: a ready time that is not
     * a number of ms counts as "now" (no queue wait), a trace that cannot be read as none.
     *
     * @param now the fetch's time
     */
    Delivery delivery(Instant now) {
        Instant readyAt = now;
        try {
            long ms = Long.parseLong(ready);
            if (ms > 0 && ms <= now.toEpochMilli()) {
                readyAt = Instant.ofEpochMilli(ms);
            }
        } catch (NumberFormatException e) {
            // damaged or absent: no queue wait is known
        }
        return new Delivery(readyAt, TraceHeaders.parse(trace));
    }
}
