package io.bgtasks.schedule;

import io.bgtasks.spi.ScheduleLedger;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger of a backend that keeps none (in memory): this JVM's firings, forgotten on restart. Secondary: a
 * backend's own ledger wins.
 */
@Singleton
@Secondary
final class LocalScheduleLedger implements ScheduleLedger {
    private final Map<String, Instant> fired = new ConcurrentHashMap<>();

    @Override
    public Optional<Instant> lastFired(String schedule) {
        return Optional.ofNullable(fired.get(schedule));
    }

    @Override
    public void fired(String schedule, Instant tick) {
        fired.merge(schedule, tick, (known, next) -> next.isAfter(known) ? next : known);
    }
}
