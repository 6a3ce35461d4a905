package io.bgtasks.jobrunr;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Tells the workers that a job is stored and due, so that they look for it now rather than at their next poll
 * ({@code bgtasks.jobrunr.instant-pickup}). The sink calls {@link #stored()} after the insert has committed; this
 * nudges the worker of this process, if it has one, and on PostgreSQL sends a {@code NOTIFY} on the channel of
 * the table prefix, which the workers of the other processes listen to ({@link PickupListener}). The notification
 * is sent from a thread of its own, coalesced: a request never waits for it, and a burst of enqueues is one
 * notification. Losing one costs only latency: the poll still picks the job up.
 */
@Singleton
final class PickupSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final boolean enabled;
    private final JobRunrStorage storage;
    private final String channel;
    /** This context's mark on its notifications, so that its own listener skips what its own worker was told. */
    private final String origin = UUID.randomUUID().toString();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile PickupNudge local;
    private volatile boolean closed;
    private Thread sender;
    private boolean failing;

    PickupSignal(JobRunrConfiguration configuration, JobRunrStorage storage) {
        this.enabled = configuration.isInstantPickup();
        this.storage = storage;
        this.channel = channel(configuration.getTablePrefix());
        if (enabled && !storage.isH2()) { // H2 has no LISTEN/NOTIFY: in-process nudges only
            sender = Thread.ofPlatform().name("bgtasks-jobrunr-notify").daemon().start(this::send);
        }
    }

    /**
     * The notification channel of a table prefix: processes on other tables of the same database do not wake up.
     * A hash keeps it a plain lower-case identifier (at most 63 bytes) whatever the prefix.
     */
    static String channel(String tablePrefix) {
        if (tablePrefix == null || tablePrefix.isEmpty()) {
            return "bgtasks_jobrunr";
        }
        byte[] bytes = tablePrefix.getBytes(StandardCharsets.UTF_8);
        try {
            bytes = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
        return "bgtasks_jobrunr_" + HexFormat.of().formatHex(bytes, 0, 8);
    }

    /** @return whether instant pickup is on */
    boolean enabled() {
        return enabled;
    }

    /** @return the channel this storage's notifications go to */
    String channel() {
        return channel;
    }

    /** @return the payload of this context's notifications */
    String origin() {
        return origin;
    }

    /** @param nudge this process's worker, nudged on every {@link #stored()}; null when it stops */
    void attach(PickupNudge nudge) {
        this.local = nudge;
    }

    /** A job due now has been committed: the workers should look. Returns at once. */
    void stored() {
        if (!enabled) {
            return;
        }
        PickupNudge nudge = local;
        if (nudge != null) {
            nudge.signal();
        }
        if (sender != null && pending.compareAndSet(false, true)) {
            LockSupport.unpark(sender);
        }
    }

    private void send() {
        while (!closed) {
            if (!pending.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try (Connection connection = storage.dataSource().getConnection();
                 PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, channel);
                notify.setString(2, origin);
                notify.execute();
                if (!connection.getAutoCommit()) { // the pool hands out auto-commit connections; if not, send it now
                    connection.commit();
                }
                failing = false;
            } catch (SQLException | RuntimeException e) {
                if (!failing && !closed) { // once per outage: the other processes' polls pick the jobs up meanwhile
                    LOG.warn("could not notify the other JobRunr workers of a stored job: {}; their poll picks it up", e.toString());
                }
                failing = true;
            }
        }
    }

    @PreDestroy
    @Override
    public void close() {
        closed = true;
        if (sender != null) {
            LockSupport.unpark(sender);
            try {
                sender.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
