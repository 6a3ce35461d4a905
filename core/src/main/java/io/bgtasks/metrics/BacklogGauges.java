package io.bgtasks.metrics;

import io.bgtasks.BgTasksConfiguration;
import io.bgtasks.spi.BackendHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

import java.time.Duration;

/**
 * {@code bgtasks.backlog} gauges (tags {@code backend}, {@code state}: queued, delayed, running, dead) read from the
 * backend's health check, at most once per {@link #FRESH} however often the registry is scraped: a check is a storage
 * round trip, and never at start-up (a storage that is down then must not slow the start). A state the backend does not
 * count (dead letters in memory) and a backend that does not answer read NaN, not a stale figure.
 */
@Context
@Requires(classes = MeterRegistry.class)
@Requires(beans = {MeterRegistry.class, BackendHealth.class})
final class BacklogGauges {
    static final String BACKLOG = "bgtasks.backlog";
    /** How long one reading serves. */
    static final Duration FRESH = Duration.ofSeconds(5);

    private final BackendHealth health;
    private BackendHealth.Report last;
    private long readAt;

    BacklogGauges(MeterRegistry registry, BackendHealth health, BgTasksConfiguration configuration) {
        this.health = health;
        for (String state : BackendHealth.BACKLOG_STATES) {
            Gauge.builder(BACKLOG, this, g -> g.value(state)).description("Batches of the backend by state")
                .tag("backend", configuration.getBackend()).tag("state", state).register(registry);
        }
    }

    private synchronized BackendHealth.Report report() {
        long now = System.nanoTime();
        if (last == null || now - readAt > FRESH.toNanos()) {
            last = health.checkOrDown(); // a report without a backlog: every gauge reads NaN
            readAt = now;
        }
        return last;
    }

    private double value(String state) {
        Long count = report().backlog().get(state);
        return count == null ? Double.NaN : count;
    }
}
