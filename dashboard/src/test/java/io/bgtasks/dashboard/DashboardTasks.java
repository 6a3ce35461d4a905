package io.bgtasks.dashboard;

import io.bgtasks.TaskHandler;
import io.bgtasks.TaskRetry;

/**
 * The tasks the dashboard's tests run: one that succeeds, and one that fails at once and for good until the test
 * fixes it (so that a requeued dead letter can succeed).
 */
@TaskHandler
public class DashboardTasks {
    static final java.util.Set<String> FIXED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public void ok(String label) {
    }

    @TaskRetry(attempts = 1)
    public void broken(String label) {
        if (!FIXED.contains(label)) {
            throw new IllegalStateException("broken on purpose: " + label);
        }
    }
}
