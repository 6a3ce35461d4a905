package io.bgtasks.support;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Objects;

/**
 * Logs a failure that repeats (an outage: every request answers 503, every fetch fails) once per distinct cause with
 * its stack, then at most one summary line per interval with how often it happened since, instead of one line and
 * stack per occurrence. A different cause is logged at once. Thread-safe; cheap when nothing is logged.
 */
public final class RepeatedFailureLog {
    private final Logger log;
    private final long intervalNanos;
    // volatile: recovered() is on every request's path and must not lock when nothing failed
    private volatile String lastCause;
    private long lastLoggedAt;
    private long suppressed;

    /**
     * @param log      where to log
     * @param interval the least time between two lines about the same cause
     */
    public RepeatedFailureLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Records one failure.
     *
     * @param message what failed, without the cause (an SLF4J message, e.g. "could not hand off a batch")
     * @param failure the cause; failures of the same type and message are the same cause
     */
    public void failed(String message, Throwable failure) {
        String cause = failure.getClass().getName() + ": " + failure.getMessage();
        long now = System.nanoTime();
        long repeats;
        boolean first;
        synchronized (this) {
            first = !Objects.equals(cause, lastCause);
            if (!first && now - lastLoggedAt < intervalNanos) {
                suppressed++;
                return;
            }
            repeats = first ? 0 : suppressed;
            lastCause = cause;
            lastLoggedAt = now;
            suppressed = 0;
        }
        if (first) {
            log.error("{}: {}", message, cause, failure);
        } else {
            log.error("{}: {} (again, {} more time(s) since the last line; stack as logged before)", message, cause, repeats + 1);
        }
    }

    /** Records that the failing thing works again: the next failure is logged in full. */
    public void recovered() {
        if (lastCause == null) {
            return;
        }
        long repeats;
        String cause;
        synchronized (this) {
            if (lastCause == null) {
                return;
            }
            repeats = suppressed;
            cause = lastCause;
            lastCause = null;
            suppressed = 0;
        }
        log.info("recovered from {} ({} more failure(s) since the last line)", cause, repeats);
    }
}
