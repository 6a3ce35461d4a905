package io.bgtasks.jobrunr;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.JobSteward;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes this process's JobRunr server look for enqueued jobs now rather than at its next poll. The one place that
 * leans on how JobRunr's server works inside (JobRunr 8.7; see docs/jobrunr.md, "Pickup"):
 *
 * <p>JobRunr OSS has no call for "look for work now". What it does when a worker thread finishes a job is
 * {@code JobSteward.notifyThreadIdle()}: one fewer occupied worker, then the steward's onboarding task (the same
 * fetch its scheduled poll runs) under that task's own lock, skipped when the poll or another worker holds it. Both
 * {@code notifyThreadOccupied()} and {@code notifyThreadIdle()} are public, so a nudge is the pair: the count of
 * occupied workers comes back to where it was, and the fetch is the one JobRunr already runs from many threads at
 * once. In between a concurrent fetch sees one more occupied worker and takes at most one job fewer, never more.
 * Jobs are claimed in the database, so a job is never fetched twice.
 *
 * <p>A nudge that finds the lock held does nothing, and the fetch holding it may have read before the job was
 * committed (a worker that has just finished a job, or the poll): so every burst of nudges is followed by
 * {@link #CONFIRMS} more, 10 ms and then 40 ms apart (a fetch holds the lock for milliseconds; on an idle server the
 * extra fetches are two small queries). Nudges are coalesced on one
 * thread of their own (at most one fetch in flight from here; a caller never waits for the database). Should the
 * methods be gone from a later JobRunr, or a nudge throw, the poll still picks every job up: the first failure is
 * logged, and a missing method turns the nudges off.
 */
final class PickupNudge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");
    /**
     * After a burst of nudges, more at these intervals, for a job that a fetch holding the lock read too early to see.
     */
    static final List<Duration> CONFIRMS = List.of(Duration.ofMillis(10), Duration.ofMillis(40));

    private final BackgroundJobServer server;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean failing;

    private PickupNudge(BackgroundJobServer server) {
        this.server = server;
        this.thread = Thread.ofPlatform().name("bgtasks-jobrunr-pickup").daemon().unstarted(this::loop);
    }

    /**
     * @param server a started server
     * @return the nudge of that server, or null (logged) when this JobRunr lacks the methods it calls
     */
    static PickupNudge start(BackgroundJobServer server) {
        try {
            // checked up front: a method missing after notifyThreadOccupied() had run would leave a worker counted busy
            JobSteward.class.getMethod("notifyThreadOccupied");
            JobSteward.class.getMethod("notifyThreadIdle");
        } catch (NoSuchMethodException | LinkageError e) {
            LOG.warn("instant pickup is off: this JobRunr lacks JobSteward.notifyThreadOccupied/notifyThreadIdle ({}); "
                + "jobs wait for the poll interval", e.toString());
            return null;
        }
        PickupNudge nudge = new PickupNudge(server);
        nudge.thread.start();
        return nudge;
    }

    /** Asks for a look at the queue soon; returns at once, and many calls in a row make one look. */
    void signal() {
        if (!closed && pending.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        int confirmed = CONFIRMS.size(); // how many of the confirmations after the last nudge have run
        while (!closed) {
            if (pending.getAndSet(false)) {
                nudge();
                confirmed = 0;
            } else if (confirmed < CONFIRMS.size()) {
                LockSupport.parkNanos(this, CONFIRMS.get(confirmed).toNanos());
                if (!pending.get() && !closed) { // a new signal starts the confirmations over instead
                    nudge();
                    confirmed++;
                }
            } else {
                LockSupport.park(this);
            }
        }
    }

    private void nudge() {
        try {
            // as JobRunr's own poll: not before the server has announced itself, nor while it stops
            if (server.isNotReadyToProcessJobs() || !server.isRunning()) {
                return;
            }
            JobSteward steward = server.getJobSteward();
            steward.notifyThreadOccupied();
            steward.notifyThreadIdle();
            failing = false;
        } catch (RuntimeException | LinkageError e) {
            if (!failing) { // once per outage: the poll keeps going meanwhile
                LOG.warn("looking for a stored job at once failed: {}; the poll picks it up", e.toString());
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
