package io.bgtasks.jobrunr;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one index bgtasks adds to JobRunr's tables, on H2 only: (state, updatedAt DESC, id DESC), the order of the
 * finished-tasks and dead-letter listings. H2 reads JobRunr's own (state, updatedAt) index for {@code state = ?} but
 * then sorts every row of that state, because the order names id too; with this index it reads one page. PostgreSQL
 * needs none: it scans JobRunr's index backward and sorts only the rows of one updatedAt (an incremental sort).
 * Created with {@code IF NOT EXISTS} when the storage opens, after JobRunr's own migrations; the listing names it in its
 * query ({@code USE INDEX}), since H2's planner would otherwise pick JobRunr's index on state alone.
 */
final class ListingIndex {
    /** Its name without the table prefix; it starts as JobRunr's names do, so {@link JobRunrStorage#sql} prefixes it. */
    static final String NAME = "jobrunr_bgtasks_listing_idx";

    private ListingIndex() {
    }

    static void onH2(DataSource dataSource, String tablePrefix) {
        String prefix = tablePrefix == null ? "" : tablePrefix;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create index if not exists " + prefix + NAME + " on " + prefix
                + "jobrunr_jobs (state, updatedAt desc, id desc)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the index of the finished-tasks listing on "
                + prefix + "jobrunr_jobs: " + e.getMessage(), e);
        }
    }
}
