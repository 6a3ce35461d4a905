package io.bgtasks.jobrunr;

import io.bgtasks.paging.Cursor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * Reads the jobs of one state newest first after a cursor, straight from JobRunr's jobs table: on PostgreSQL a range of
 * the index {@code jobrunr_jobs_state_updated_idx} (state, updatedAt), which JobRunr's own migrations create, on H2 of
 * {@link ListingIndex}, so a page costs
 * O(log n + page) however deep the cursor is (JobRunr's {@code getJobList} pages by offset, which reads and drops every
 * row before the offset). Of one updatedAt, the larger id comes first.
 */
@Singleton
final class JobRunrKeyset {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    /**
     * A job as read from its row.
     *
     * @param id        the row's id (the batch id)
     * @param updatedAt the row's updatedAt: when it entered its state
     * @param job       the job, or null when the row is not a readable bgtasks job
     * @param damage    why the job could not be read, or null
     */
    record Row(String id, Instant updatedAt, @Nullable Job job, @Nullable String damage) {
        Cursor position() {
            return new Cursor(updatedAt, id);
        }
    }

    private final JobRunrStorage storage;
    private final JobMapper mapper;

    JobRunrKeyset(JobRunrStorage storage) {
        this.storage = storage;
        // the same guard as JobRunr's own reads: a row naming other classes is refused before any of them is loaded
        this.mapper = new GuardedJobMapper(storage.json());
    }

    /**
     * @param state  the jobs' state
     * @param cursor the position to read after, or null for the newest
     * @param count  the most rows to read
     * @return the rows strictly after the cursor, newest first
     */
    List<Row> after(StateName state, @Nullable Cursor cursor, int count) {
        String sql = query(cursor != null, count);
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (Connection connection = storage.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, state.name());
            if (cursor != null) {
                storage.setTimestamp(query, 2, cursor.at());
                storage.setTimestamp(query, 3, cursor.at());
                query.setString(4, cursor.id());
            }
            List<Row> rows = new ArrayList<>(count);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String id = result.getString(1).strip();
                    // JobRunr writes its timestamps as UTC (Dialect.setTimestamp) and reads them so
                    Instant updatedAt = result.getTimestamp(2, utc).toInstant();
                    rows.add(row(id, updatedAt, result.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the " + state + " jobs of " + storage.where() + ": "
                + e.getMessage(), e);
        }
    }

    /**
     * @param afterCursor whether the query reads after a cursor (then it binds updatedAt, updatedAt, id after the state)
     * @param count       the most rows
     * @return the query of a page: parameter 1 is the state
     */
    String query(boolean afterCursor, int count) {
        // "updatedAt <= ?" is the index range; the rest only drops the cursor's own time's rows not after it
        return storage.sql("select id, updatedAt, jobAsJson from jobrunr_jobs"
            + (storage.isH2() ? " use index (" + ListingIndex.NAME + ")" : "") + " where state = ?"
            + (afterCursor ? " and updatedAt <= ? and (updatedAt < ? or id < ?)" : "")
            // H2 reads an index in order only for an ORDER BY that starts with its first column, even one the WHERE fixes
            + " order by " + (storage.isH2() ? "state, " : "") + "updatedAt desc, id desc limit " + count);
    }

    // a damaged row is listed without its job rather than failing the page; RowRepair deals with the row itself
    private Row row(String id, Instant updatedAt, String json) {
        try {
            return new Row(id, updatedAt, mapper.deserializeJob(json), null);
        } catch (RuntimeException e) {
            LOG.debug("job {} could not be read for a listing: {}", id, e.toString());
            return new Row(id, updatedAt, null, e.getMessage());
        }
    }
}
