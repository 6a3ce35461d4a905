package io.bgtasks.jobrunr;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * On PostgreSQL, the worker's ear for jobs stored by other processes: {@code LISTEN} on the channel of the table
 * prefix ({@link PickupSignal}), and a {@link PickupNudge} for every notification another process sent. It holds a
 * connection of its own, outside the pool (a listening session must stay open). When the connection fails it is
 * opened again every second, logged once per outage, and after each (re)connect the worker looks once, for jobs
 * stored while nobody listened; meanwhile the poll picks them up. A session that died without the socket saying so
 * (a dropped network path) would wait for notifications forever: a {@code select 1} every {@link #CHECK}, with a
 * network timeout, finds it. Depends on PostgreSQL's LISTEN/NOTIFY and on the PostgreSQL JDBC driver's
 * {@link PGConnection#getNotifications(int)}, not on JobRunr.
 */
final class PickupListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");
    /** How long one wait for notifications lasts: the longest a close waits for the thread. */
    private static final int WAIT_MS = 500;
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    /** How often the listening session is checked, and how long the check may take before it counts as dead. */
    private static final Duration CHECK = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final PickupSignal signal;
    private final PickupNudge nudge;
    private final Thread thread;
    private volatile boolean closed;

    private PickupListener(HikariDataSource pool, PickupSignal signal, PickupNudge nudge) {
        this.pool = pool;
        this.signal = signal;
        this.nudge = nudge;
        this.thread = Thread.ofPlatform().name("bgtasks-jobrunr-listen").daemon().unstarted(this::loop);
    }

    /**
     * @param pool   the storage's pool, whose URL and credentials the listening connection uses
     * @param signal the channel and this context's own origin
     * @param nudge  the worker to nudge
     * @return the started listener
     */
    static PickupListener start(HikariDataSource pool, PickupSignal signal, PickupNudge nudge) {
        PickupListener listener = new PickupListener(pool, signal, nudge);
        listener.thread.start();
        return listener;
    }

    private void loop() {
        boolean failing = false;
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + signal.channel()); // a plain identifier (PickupSignal.channel)
                }
                if (failing) {
                    LOG.info("listening for stored jobs again");
                }
                failing = false;
                nudge.signal();
                PGConnection pg = connection.unwrap(PGConnection.class);
                // the driver lowers the socket timeout to WAIT_MS while it waits for notifications, and puts this back
                connection.setNetworkTimeout(Runnable::run, (int) CHECK_TIMEOUT.toMillis());
                long checked = System.nanoTime();
                while (!closed) {
                    if (System.nanoTime() - checked > CHECK.toNanos()) {
                        try (Statement check = connection.createStatement()) {
                            check.execute("select 1");
                        }
                        checked = System.nanoTime();
                    }
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        // this context's own jobs were nudged for locally already
                        if (!signal.origin().equals(notification.getParameter())) {
                            nudge.signal();
                            break;
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!failing) {
                    LOG.warn("listening for jobs stored by other processes failed: {}; trying again every {} s, the poll picks "
                        + "them up meanwhile", e.toString(), RECONNECT.toSeconds());
                }
                failing = true;
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
