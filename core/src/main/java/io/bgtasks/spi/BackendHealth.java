package io.bgtasks.spi;

import java.util.Map;

/**
 * What a backend says about its own health: whether it can take and run work now, and figures an operator reads
 * (backlog, workers). Core turns it into a Micronaut health indicator named {@code bgtasks} when
 * micronaut-management is on the classpath; an indicator that is DOWN makes the readiness check DOWN.
 */
public interface BackendHealth {
    /**
     * Checks the backend now. Called by health checks, so it answers within a few seconds (a storage round trip at
     * most) and does not throw: a failure is a report that is down, with the failure in its details.
     *
     * @return the report
     */
    Report check();

    /**
     * @param up      whether the backend can take and run work now
     * @param details what the operator sees (backlog counts, worker state, the error when down)
     */
    record Report(boolean up, Map<String, Object> details) {
    }
}
