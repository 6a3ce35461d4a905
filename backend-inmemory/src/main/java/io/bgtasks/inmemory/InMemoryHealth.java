package io.bgtasks.inmemory;

import io.bgtasks.spi.BackendHealth;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory backend is up while this process runs and is not shutting down; what an operator watches is its
 * saturation: batches waiting for one of the {@code bgtasks.inmemory.max-concurrent-batches} slots.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "inmemory", defaultValue = "inmemory")
final class InMemoryHealth implements BackendHealth {
    private final InMemoryTaskSink sink;

    InMemoryHealth(InMemoryTaskSink sink) {
        this.sink = sink;
    }

    @Override
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", "inmemory");
        details.put("running", sink.running());
        details.put("waitingForSlot", sink.waitingForSlot());
        details.put("slots", sink.slots());
        details.put("delayed", sink.delayed());
        boolean up = !sink.isShuttingDown();
        if (!up) {
            details.put("reason", "shutting down");
        }
        return new Report(up, details, Map.of("queued", (long) sink.waitingForSlot(), "delayed", (long) sink.delayed(),
            "running", (long) sink.running()));
    }
}
