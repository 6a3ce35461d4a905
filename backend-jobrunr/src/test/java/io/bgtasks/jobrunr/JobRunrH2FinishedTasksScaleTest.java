package io.bgtasks.jobrunr;

import io.bgtasks.paging.Cursor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Succeeded jobs on H2: 100,000 rather than a million (H2 wrote 200,000 rows in 16 s on the CI machine; a million
 * would take over a minute), and H2's EXPLAIN ANALYZE shows each page reading an index range of about one page.
 */
class JobRunrH2FinishedTasksScaleTest extends JobRunrFinishedTasksScale {
    private final String path = Path.of(TestH2.freshPath()).toString();

    @Override
    int count() {
        return 100_000;
    }

    @Override
    Map<String, Object> storage() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", path,
            "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL);
    }

    @Override
    String series(int count) {
        return "system_range(1, " + count + ") r(g)";
    }

    @Override
    String timeOf(String base) {
        return "dateadd(millisecond, g / 4, cast(" + base + " as timestamp))";
    }

    @Override
    String idOf() {
        // a UUID of its own per row, derived from the row number
        return "cast(cast(concat('00000000-0000-4000-8000-', lpad(cast(g as varchar), 12, '0')) as uuid) as varchar)";
    }

    @Override
    void analyze(Statement statement, String table) throws SQLException {
        statement.execute("analyze table " + table);
    }

    @Override
    void assertPlanReadsAnIndexRange(Connection connection, JobRunrStorage storage, String sql, Cursor cursor, String prefix)
        throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("explain analyze " + sql)) {
            bind(storage, explain, cursor);
            try (ResultSet r = explain.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
        }
        System.out.println(plan);
        String text = plan.toString().toUpperCase(java.util.Locale.ROOT);
        // bgtasks's own index on H2 (ListingIndex): JobRunr's would be read, then every row of the state sorted
        assertTrue(text.contains(ListingIndex.NAME.toUpperCase(java.util.Locale.ROOT)), text);
        java.util.regex.Matcher scanned = java.util.regex.Pattern.compile("SCANCOUNT: (\\d+)").matcher(text);
        assertTrue(scanned.find(), text);
        assertTrue(Integer.parseInt(scanned.group(1)) <= 200, "rows H2 read: " + scanned.group(1));
    }
}
