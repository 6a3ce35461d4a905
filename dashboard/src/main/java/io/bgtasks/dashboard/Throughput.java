package io.bgtasks.dashboard;

import io.bgtasks.engine.Step;
import io.bgtasks.engine.TaskObserver;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tasks this process finished per second over the last {@link #SECONDS} seconds, by outcome, for the dashboard's
 * chart: one slot per second in a ring, so recording is a few array writes whatever the rate.
 */
@Singleton
@Requires(property = "bgtasks.dashboard.enabled", value = "true")
final class Throughput implements TaskObserver {
    static final int SECONDS = 120;

    private final long[] second = new long[SECONDS];
    private final int[] succeeded = new int[SECONDS];
    private final int[] failed = new int[SECONDS];

    @Override
    public void succeeded(String backend, String batchId, Step step, int attempt, Duration took) {
        count(true);
    }

    @Override
    public void failed(String backend, String batchId, Step step, int attempt, Duration took, String reason,
                       boolean deadLettered, int skipped) {
        count(false);
    }

    private synchronized void count(boolean ok) {
        long now = System.currentTimeMillis() / 1000;
        int slot = (int) (now % SECONDS);
        if (second[slot] != now) {
            second[slot] = now;
            succeeded[slot] = 0;
            failed[slot] = 0;
        }
        if (ok) {
            succeeded[slot]++;
        } else {
            failed[slot]++;
        }
    }

    /** @return one entry per second, oldest first, ending with the current second */
    synchronized List<Map<String, Object>> series() {
        long now = System.currentTimeMillis() / 1000;
        List<Map<String, Object>> out = new ArrayList<>(SECONDS);
        for (long s = now - SECONDS + 1; s <= now; s++) {
            int slot = (int) (s % SECONDS);
            boolean current = second[slot] == s;
            out.add(Map.of("at", Instant.ofEpochSecond(s).toString(), "succeeded", current ? succeeded[slot] : 0,
                "failed", current ? failed[slot] : 0));
        }
        return out;
    }
}
