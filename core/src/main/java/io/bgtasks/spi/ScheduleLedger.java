package io.bgtasks.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Where recurring schedules record their last firing, shared by every process on the same storage. The scheduler
 * reads it to skip a tick another process fired already and, after a restart, to find the ticks missed while
 * everything was down. A durable backend keeps it in its storage; without one, core keeps it in memory (lost on
 * restart, like in-memory tasks).
 *
 * <p>It is not what makes a tick fire once: every process submits a tick's batch under an id derived from the
 * schedule and the tick, and the backend's idempotency keeps one. The ledger only has to be monotonic.
 */
public interface ScheduleLedger {
    /**
     * @param schedule a schedule name
     * @return the latest tick recorded as fired, or empty when none was
     * @throws TaskSinkUnavailableException when the storage cannot be read
     */
    Optional<Instant> lastFired(String schedule);

    /**
     * Records {@code tick} as fired, unless a later tick is recorded already: the value never goes back.
     *
     * @param schedule a schedule name
     * @param tick     the tick whose batch was submitted
     * @throws TaskSinkUnavailableException when the storage cannot be written
     */
    void fired(String schedule, Instant tick);
}
