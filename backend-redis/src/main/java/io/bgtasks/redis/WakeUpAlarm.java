package io.bgtasks.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wakes an idle worker at the next due time (a delayed batch's start, a retry). Redis ends a blocking wait such as
 * BZPOPMIN only at its own clock tick ({@code hz}, every 100 ms by default), which would start a due batch up to 100
 * ms late; so a worker that waits for a due time also sets this alarm, which sets the wake-up marker at that
 * millisecond. Writing the marker wakes a blocked worker at once. Whichever idle worker it wakes fetches, promotes
 * the due batch and runs it.
 */
final class WakeUpAlarm {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.redis");

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("bgtasks-redis-alarm").daemon().factory());
    private ScheduledFuture<?> pending;
    private long at;

    WakeUpAlarm(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        // a replaced alarm leaves the queue at once, not at its time (many enqueues can each move the alarm earlier)
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sets the alarm to {@code dueMillis}, replacing an earlier setting: one alarm, at the earliest due time the
     * worker knows, is enough, since the fetch it causes tells the next one.
     */
    synchronized void set(long dueMillis) {
        if (pending != null && !pending.isDone() && at == dueMillis) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        at = dueMillis;
        // currentTimeMillis is truncated, so the alarm goes off at the due millisecond or after it, never before
        pending = timer.schedule(this::ring, Math.max(0, dueMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private void ring() {
        try {
            redis.client().zadd(keys.marker, 0, "m");
        } catch (RuntimeException e) {
            // the worker's blocking wait ends by itself at the due time, only later (Redis's clock tick)
            LOG.debug("could not set the wake-up marker {} at a due time: {}", keys.marker, e.toString());
        }
    }

    void stop() {
        timer.shutdownNow();
    }
}
