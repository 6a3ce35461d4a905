package io.bgtasks.jobrunr;

import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.spi.TaskSinkUnavailableException;
import jakarta.inject.Singleton;
import org.jobrunr.storage.JobRunrMetadata;
import org.jobrunr.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The schedule ledger in JobRunr's storage: one row of JobRunr's metadata table ({@code jobrunr_metadata}) per
 * schedule, so every process on the same H2 file or PostgreSQL database reads the same firings, and they survive
 * restarts. The row's name is {@value #NAME}, its owner the SHA-256 of the schedule name (JobRunr allows 64
 * characters and folds spaces into underscores in the row id; a digest has neither problem), its value
 * {@code <tick> <schedule>}, the schedule spelled out for whoever reads the table. JobRunr itself only reads its own
 * metadata names, and bgtasks' row guard ({@link RowRepair}) only reads the jobs table.
 */
@Singleton
final class JobRunrScheduleLedger implements ScheduleLedger {
    /** The metadata name of every ledger row. */
    static final String NAME = "bgtasks-schedule";
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final JobRunrStorage storage;

    JobRunrScheduleLedger(JobRunrStorage storage) {
        this.storage = storage;
    }

    @Override
    public Optional<Instant> lastFired(String schedule) {
        JobRunrMetadata row;
        try {
            row = storage.provider().getMetadata(NAME, owner(schedule));
        } catch (StorageException e) {
            throw unavailable("read", e);
        }
        return row == null ? Optional.empty() : tick(row.getValue(), schedule);
    }

    /**
     * Records the tick in one transaction that locks the schedule's row ({@code select ... for update}) before
     * comparing, so two processes recording at once cannot move it back: the later writer sees the earlier one's
     * tick. JobRunr's own {@code saveMetadata} overwrites whatever is stored, so it is not used for writing.
     */
    @Override
    public void fired(String schedule, Instant tick) {
        String id = JobRunrMetadata.toId(NAME, owner(schedule));
        try (Connection connection = storage.dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                for (int round = 0; ; round++) {
                    try {
                        record(connection, id, schedule, tick);
                        connection.commit();
                        return;
                    } catch (SQLException e) {
                        connection.rollback();
                        // another process inserted the first row meanwhile: the next round locks and compares it
                        if (round > 0 || !SqlStates.has(e, SqlStates.UNIQUE_VIOLATION)) {
                            throw e;
                        }
                    }
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | StorageException e) {
            throw unavailable("written", e);
        }
    }

    private void record(Connection connection, String id, String schedule, Instant tick) throws SQLException {
        String stored = null;
        boolean exists = false;
        try (PreparedStatement select = connection.prepareStatement(storage.sql("select value from jobrunr_metadata where id = ? for update"))) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    exists = true;
                    stored = row.getString(1);
                }
            }
        }
        Instant now = Instant.now();
        if (!exists) {
            try (PreparedStatement insert = connection.prepareStatement(storage.sql("insert into jobrunr_metadata values (?, ?, ?, ?, ?, ?)"))) {
                insert.setString(1, id);
                insert.setString(2, NAME);
                insert.setString(3, owner(schedule));
                insert.setString(4, value(tick, schedule));
                storage.setTimestamp(insert, 5, now);
                storage.setTimestamp(insert, 6, now);
                insert.executeUpdate();
            }
            return;
        }
        Optional<Instant> known = tick(stored, schedule);
        if (known.isPresent() && !tick.isAfter(known.get())) {
            return; // the ledger never goes back
        }
        try (PreparedStatement update = connection.prepareStatement(storage.sql("update jobrunr_metadata set value = ?, updatedAt = ? where id = ?"))) {
            update.setString(1, value(tick, schedule));
            storage.setTimestamp(update, 2, now);
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    private static String value(Instant tick, String schedule) {
        return tick + " " + schedule;
    }

    /**
     * A stored value read back. One that is not a ledger value (edited by hand) counts as no firing: the scheduler
     * then fires the current tick again, which the backend's idempotency keeps once, and its record replaces it.
     */
    private static Optional<Instant> tick(String value, String schedule) {
        int space = value == null ? -1 : value.indexOf(' ');
        try {
            if (space > 0 && value.substring(space + 1).equals(schedule)) {
                return Optional.of(Instant.parse(value.substring(0, space)));
            }
        } catch (DateTimeParseException e) {
            // logged below
        }
        LOG.warn("the schedule ledger row of '{}' in jobrunr_metadata holds '{}', not '<tick> {}'; it counts as never fired"
            + " and is replaced at the next firing", schedule, value, schedule);
        return Optional.empty();
    }

    /** The row's owner: SHA-256 of the schedule name, 64 hex characters, the most JobRunr's owner column holds. */
    static String owner(String schedule) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(schedule.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private TaskSinkUnavailableException unavailable(String what, Exception e) {
        return new TaskSinkUnavailableException("the schedule ledger in the JobRunr storage at " + storage.where() + " cannot be "
            + what + " (" + e.getMessage() + "): make that database reachable (bgtasks.jobrunr.jdbc-url, username and password;"
            + " for H2 bgtasks.jobrunr.h2-path, a file only one process can open)", e);
    }
}
