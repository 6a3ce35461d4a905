package io.bgtasks.spi;

import java.util.List;
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
     * {@link #check()} for its callers (the health endpoint, the backlog gauges, the dashboard): a check that breaks
     * its promise and throws is reported DOWN, with only the exception's type, never its message, in the details.
     *
     * @return the report, DOWN when the check threw
     */
    default Report checkOrDown() {
        try {
            return check();
        } catch (RuntimeException e) {
            return new Report(false, Map.of("reason", "the health check failed: " + e.getClass().getSimpleName()));
        }
    }

    /** The backlog states every backend reports in the same words, for the {@code bgtasks.backlog} gauges. */
    List<String> BACKLOG_STATES = List.of("queued", "delayed", "running", "dead");

    /**
     * @param up      whether the backend can take and run work now
     * @param details what the operator sees (backlog counts, worker state, the error when down)
     * @param backlog batches by state, with the keys of {@link #BACKLOG_STATES} this backend knows (empty when down)
     */
    record Report(boolean up, Map<String, Object> details, Map<String, Long> backlog) {
        /** Freezes the backlog (the details keep their order, for people reading them). */
        public Report {
            backlog = Map.copyOf(backlog);
        }

        /**
         * A report without backlog figures (the backend is down, or counts none).
         *
         * @param up      whether the backend can take and run work now
         * @param details what the operator sees
         */
        public Report(boolean up, Map<String, Object> details) {
            this(up, details, Map.of());
        }
    }
}
