package io.bgtasks.schedule;

import io.bgtasks.MissedTicks;
import io.bgtasks.config.SchedulingConfiguration;
import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.support.RepeatedFailureLog;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires recurring schedules. Every process that knows a schedule fires each of its ticks under the same
 * idempotency key (schedule name and tick), so the backend keeps exactly one batch per tick however many processes
 * run; the {@link ScheduleLedger} lets a process skip a tick another one fired and, after an outage, find the ticks
 * nobody fired, which the schedule's {@link MissedTicks} policy then decides about.
 *
 * <p>One timer thread waits for the next tick of every schedule; each firing runs on a virtual thread, so a slow
 * storage delays one schedule, not the others.
 */
@Singleton
public final class RecurringScheduler {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.schedule");
    /** How soon a firing that failed (storage unavailable) is tried again. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** What submits one tick's batch. */
    @FunctionalInterface
    public interface Firing {
        /**
         * @param idempotencyKey the key of this schedule and tick, the same in every process
         */
        void fire(String idempotencyKey);
    }

    private final ScheduleLedger ledger;
    private final SchedulingConfiguration configuration;
    private final RepeatedFailureLog failures = new RepeatedFailureLog(LOG, Duration.ofMinutes(1));
    private final Map<String, Entry> schedules = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService firings;

    RecurringScheduler(ScheduleLedger ledger, SchedulingConfiguration configuration) {
        this.ledger = ledger;
        this.configuration = configuration;
    }

    private final class Entry {
        final String name;
        final String cron;
        final CronTicks ticks;
        final MissedTicks missed;
        final Firing firing;
        /** The latest tick this process fired or knows to be fired (or passed over); null before the first run. */
        Instant handled;
        volatile Instant next;
        volatile ScheduledFuture<?> wake;
        volatile boolean removed;

        Entry(String name, String cron, CronTicks ticks, MissedTicks missed, Firing firing) {
            this.name = name;
            this.cron = cron;
            this.ticks = ticks;
            this.missed = missed;
            this.firing = firing;
        }
    }

    /**
     * Adds a schedule; its ticks fire from now on (and missed ones per its policy, when the ledger knows an
     * earlier firing).
     *
     * @param name   unique in this process
     * @param cron   six fields, seconds first
     * @param zone   the zone the fields are read in
     * @param missed the policy for missed ticks
     * @param firing submits one tick's batch
     * @throws IllegalArgumentException when the expression is invalid or the name is taken
     */
    public void add(String name, String cron, ZoneId zone, MissedTicks missed, Firing firing) {
        Entry entry = new Entry(name, cron, new CronTicks(cron, zone), missed, firing);
        if (schedules.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a schedule named '" + name + "' exists already; remove it first "
                + "or give this one another name");
        }
        if (configuration.isEnabled()) {
            LOG.info("schedule {} ({} in {}): firing from now on", name, cron, zone);
            dispatch(entry);
        }
    }

    /**
     * Stops a schedule in this process.
     *
     * @param name the schedule's name
     * @return whether it was known
     */
    public boolean remove(String name) {
        Entry entry = schedules.remove(name);
        if (entry == null) {
            return false;
        }
        entry.removed = true;
        ScheduledFuture<?> wake = entry.wake;
        if (wake != null) {
            wake.cancel(false);
        }
        return true;
    }

    /** @return the schedules of this process, by name */
    public List<ScheduleInfo> list() {
        return schedules.values().stream()
            .sorted(Comparator.comparing(e -> e.name))
            .map(this::info)
            .toList();
    }

    private ScheduleInfo info(Entry e) {
        Instant last = lastFired(e);
        Instant next = e.next;
        if (next != null && last != null && !next.isAfter(last)) {
            // read between a firing and the rescheduling that follows it: the tick after the fired one is next
            next = e.ticks.next(last);
        }
        return new ScheduleInfo(e.name, e.cron, e.ticks.zone().getId(), e.missed, last, next);
    }

    private Instant lastFired(Entry e) {
        try {
            return ledger.lastFired(e.name).orElse(null);
        } catch (RuntimeException failure) {
            return e.handled; // the listing still answers while the storage does not
        }
    }

    private synchronized void dispatch(Entry entry) {
        if (firings == null) {
            // started with the first schedule: an application without any keeps no thread for this
            firings = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bgtasks-schedule-", 0).factory());
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bgtasks-scheduler").daemon().factory());
        }
        try {
            firings.execute(() -> run(entry));
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }

    private synchronized void wakeAt(Entry entry, Instant at) {
        if (entry.removed || timer == null || timer.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
        entry.wake = timer.schedule(() -> dispatch(entry), delay, TimeUnit.NANOSECONDS);
    }

    /** Fires what is due for one schedule, then waits for its next tick. Runs for one schedule at a time. */
    private void run(Entry e) {
        if (e.removed) {
            return;
        }
        Instant now = Instant.now();
        try {
            Instant known = ledger.lastFired(e.name).orElse(null);
            if (e.handled == null) {
                // a schedule nobody fired yet starts now; otherwise the ticks since the last firing are due or missed
                e.handled = known != null ? known : now;
            } else if (known != null && known.isAfter(e.handled)) {
                e.handled = known; // another process fired them
            }
            Instant cutoff = now.minus(configuration.getLateTolerance());
            if (cutoff.isAfter(e.handled)) {
                fireMissed(e, cutoff);
            }
            for (Instant t = e.ticks.next(e.handled); t != null && !t.isAfter(now); t = e.ticks.next(t)) {
                fire(e, t);
            }
            failures.recovered();
            e.next = e.ticks.next(e.handled.isAfter(now) ? e.handled : now);
            if (e.next != null) {
                wakeAt(e, e.next);
            }
        } catch (RuntimeException failure) {
            failures.failed("schedule " + e.name + ": firing failed; trying again every " + RETRY.toMillis()
                + " ms (ticks older than the late tolerance count as missed)", failure);
            wakeAt(e, now.plus(RETRY));
        }
    }

    private void fireMissed(Entry e, Instant cutoff) {
        int most = switch (e.missed) {
            case SKIP -> 0;
            case RUN_ONCE -> 1;
            case CATCH_UP -> configuration.getMaxCatchUp();
        };
        List<Instant> missed = e.ticks.latest(e.handled, cutoff, most);
        Instant first = e.ticks.next(e.handled);
        if (first != null && !first.isAfter(cutoff)) {
            LOG.info("schedule {}: ticks since {} were missed (first {}); policy {} fires {} of them", e.name,
                e.handled, first, e.missed, missed.size());
        }
        for (Instant tick : missed) {
            fire(e, tick);
        }
        if (cutoff.isAfter(e.handled)) {
            e.handled = cutoff;
        }
    }

    private void fire(Entry e, Instant tick) {
        if (e.removed) {
            return;
        }
        e.firing.fire(idempotencyKey(e.name, tick));
        ledger.fired(e.name, tick);
        e.handled = tick;
    }

    /**
     * @param schedule a schedule name
     * @param tick     one of its ticks
     * @return the idempotency key every process uses for that tick
     */
    public static String idempotencyKey(String schedule, Instant tick) {
        return "bgtasks-schedule:" + schedule + "@" + tick.toEpochMilli();
    }

    @PreDestroy
    synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            firings.shutdown();
        }
    }
}
