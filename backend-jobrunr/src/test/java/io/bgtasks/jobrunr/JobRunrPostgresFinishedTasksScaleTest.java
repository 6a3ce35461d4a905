package io.bgtasks.jobrunr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.bgtasks.paging.Cursor;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A million succeeded jobs on PostgreSQL; EXPLAIN ANALYZE shows the deep page reading one page of the index. */
class JobRunrPostgresFinishedTasksScaleTest extends JobRunrFinishedTasksScale {
    private static TestPostgres postgres;
    private final String prefix = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";

    @BeforeAll
    static void start() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stop() {
        postgres.stop();
    }

    @Override
    int count() {
        return 1_000_000;
    }

    @Override
    Map<String, Object> storage() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", postgres.url,
            "bgtasks.jobrunr.username", postgres.user, "bgtasks.jobrunr.password", postgres.password,
            "bgtasks.jobrunr.table-prefix", prefix, "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL);
    }

    @Override
    String series(int count) {
        return "generate_series(1, " + count + ") g";
    }

    @Override
    String timeOf(String base) {
        return "(cast(" + base + " as timestamp) + (g / 4) * interval '1 millisecond')";
    }

    @Override
    String idOf() {
        return "md5('scale' || g)::uuid::text";
    }

    @Override
    void analyze(Statement statement, String table) throws SQLException {
        statement.execute("analyze " + table);
    }

    @Override
    void assertPlanReadsAnIndexRange(Connection connection, JobRunrStorage storage, String sql, Cursor cursor, String prefix)
        throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("explain (analyze, costs off, timing off) " + sql)) {
            bind(storage, explain, cursor);
            try (ResultSet r = explain.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
        }
        System.out.println(plan);
        String text = plan.toString();
        assertTrue(text.contains("Index Scan Backward using " + prefix + "jobrunr_jobs_state_updated_idx"), text);
        assertTrue(!text.contains("Seq Scan") && !text.contains("Bitmap"), text);
        // the index scan stops after a page (and the ties of its last time), however deep the cursor is
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("Index Scan Backward.*\\(actual rows=(\\d+)").matcher(text);
        assertTrue(rows.find(), text);
        assertTrue(Integer.parseInt(rows.group(1)) <= 60, "rows the index scan read: " + rows.group(1));
    }
}
