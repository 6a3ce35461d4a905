package io.bgtasks.jobrunr;

import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.paging.Cursor;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many finished batches written straight into JobRunr's jobs table by one {@code INSERT ... SELECT} over a series (the
 * rows the pages read are copies of a real succeeded batch's row with an id and times of their own; the ones between a
 * short stand-in), then the listing's first page and a
 * page after a cursor near the end: each within a generous bound, each the rows the database itself orders there, and
 * the database's plan reads an index range after the cursor, not every row before it.
 */
abstract class JobRunrFinishedTasksScale {
    private static final int PAGE = 50;
    private static final long BOUND_MS = 500;
    /** The oldest and the newest this many rows hold the real job: the first page and the deep one read them. */
    private static final int REAL = 2000;

    /** @return how many rows to write */
    abstract int count();

    /** @return the properties of a context on a fresh part of the storage */
    abstract Map<String, Object> storage();

    /** @return the database's expression of a series 1..count() named {@code g}, as the FROM of an insert */
    abstract String series(int count);

    /** @return the expression of {@code base} plus {@code g / 4} milliseconds (four rows per millisecond: ties) */
    abstract String timeOf(String base);

    /**
     * Checks the plan of a listing's query: an index range, no walk over the rows before the cursor.
     *
     * @param sql    the query; parameter 1 the state, then (with a cursor) updatedAt, updatedAt, id
     * @param cursor the cursor, or null for the first page
     */
    abstract void assertPlanReadsAnIndexRange(Connection connection, JobRunrStorage storage, String sql, Cursor cursor,
                                              String prefix) throws SQLException;

    /** Binds a listing's query as {@link JobRunrKeyset} does. */
    static void bind(JobRunrStorage storage, PreparedStatement query, Cursor cursor) throws SQLException {
        query.setString(1, "SUCCEEDED");
        if (cursor != null) {
            storage.setTimestamp(query, 2, cursor.at());
            storage.setTimestamp(query, 3, cursor.at());
            query.setString(4, cursor.id());
        }
    }

    @Test
    void theFirstPageAndADeepPageCostTheSame() throws Exception {
        Map<String, Object> properties = storage();
        String template;
        String signature;
        String prefix = (String) properties.getOrDefault("bgtasks.jobrunr.table-prefix", "");
        // one real succeeded batch, whose row is the template of the million
        try (ApplicationContext worker = ApplicationContext.run(properties)) {
            TaskHandle task = worker.getBean(TaskSubmitter.class)
                .submit(t -> t.addTask(TestTasks::record, "scale-" + UUID.randomUUID(), "real")).get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (worker.getBean(TaskStatusQuery.class).find(task.id()).map(s -> s.state() != TaskState.SUCCEEDED).orElse(true)) {
                assertTrue(System.nanoTime() < deadline, "the template batch never succeeded");
                Thread.sleep(50);
            }
            JobRunrStorage storage = worker.getBean(JobRunrStorage.class);
            try (Connection c = storage.dataSource().getConnection();
                 PreparedStatement q = c.prepareStatement(storage.sql("select jobAsJson, jobSignature from jobrunr_jobs where id = ?"))) {
                q.setString(1, task.batchId());
                try (ResultSet r = q.executeQuery()) {
                    assertTrue(r.next());
                    template = r.getString(1);
                    signature = r.getString(2);
                }
            }
        }
        Map<String, Object> readOnly = new HashMap<>(properties);
        readOnly.put("bgtasks.worker.enabled", "false");
        try (ApplicationContext app = ApplicationContext.run(readOnly)) {
            JobRunrStorage storage = app.getBean(JobRunrStorage.class);
            // an hour ago, so that JobRunr's clean-up of old succeeded jobs would leave them too
            Instant base = Instant.now().minus(1, ChronoUnit.HOURS).minusMillis(count() / 4 + 1).truncatedTo(ChronoUnit.MILLIS);
            long started = System.nanoTime();
            try (Connection c = storage.dataSource().getConnection();
                 PreparedStatement insert = c.prepareStatement(storage.sql("insert into jobrunr_jobs "
                     + "(id, version, jobAsJson, jobSignature, state, createdAt, updatedAt, scheduledAt) select "
                     + idOf() + ", 2, case when g <= ? or g > ? then ? else ? end, ?, 'SUCCEEDED', " + timeOf("?") + ", "
                     + timeOf("?") + ", null from " + series(count())))) {
                // the rows the pages read carry the real job; the others a stand-in, which keeps the insert short
                // (1.4 KB of JSON each made a million rows take 40 s on PostgreSQL); no worker reads them
                insert.setInt(1, REAL);
                insert.setInt(2, count() - REAL);
                insert.setString(3, template);
                insert.setString(4, "{}");
                insert.setString(5, signature);
                storage.setTimestamp(insert, 6, base);
                storage.setTimestamp(insert, 7, base);
                assertEquals(count(), insert.executeUpdate());
                try (Statement s = c.createStatement()) {
                    analyze(s, storage.sql("jobrunr_jobs"));
                }
            }
            System.out.printf("wrote %,d succeeded jobs in %d ms (row: %,d characters of JSON)%n", count(),
                (System.nanoTime() - started) / 1_000_000, template.length());

            FinishedTasks finished = app.getBean(FinishedTasks.class);
            finished.recent(FinishedTasks.Outcome.SUCCEEDED, null, PAGE); // warms the pool and the statement
            List<String> newest = reference(storage, 0, PAGE);
            long firstStart = System.nanoTime();
            List<String> first = ids(finished.recent(FinishedTasks.Outcome.SUCCEEDED, null, PAGE).items());
            long firstMs = (System.nanoTime() - firstStart) / 1_000_000;
            assertEquals(newest, first, "the newest first");

            int depth = count() - 1000;
            Cursor cursor = cursorAt(storage, depth);
            List<String> expected = reference(storage, depth + 1, PAGE);
            long deepStart = System.nanoTime();
            List<String> deep = ids(finished.recent(FinishedTasks.Outcome.SUCCEEDED, cursor.encode(), PAGE).items());
            long deepMs = (System.nanoTime() - deepStart) / 1_000_000;
            System.out.printf("first page %d ms, page %,d deep %d ms%n", firstMs, depth, deepMs);
            assertEquals(expected, deep, "the page after the cursor, as the database orders it");
            assertTrue(firstMs < BOUND_MS && deepMs < BOUND_MS, firstMs + " ms, " + deepMs + " ms");

            // the plans of the listing's own queries, bound as it binds them
            JobRunrKeyset keyset = app.getBean(JobRunrKeyset.class);
            try (Connection c = storage.dataSource().getConnection()) {
                assertPlanReadsAnIndexRange(c, storage, keyset.query(false, PAGE + 1), null, prefix);
                assertPlanReadsAnIndexRange(c, storage, keyset.query(true, PAGE + 1), cursor, prefix);
            }
        }
    }

    /** @return the id expression of row {@code g}: a UUID of its own */
    abstract String idOf();

    /** Refreshes the planner's statistics after the bulk insert, as autovacuum would. */
    abstract void analyze(Statement statement, String table) throws SQLException;

    private static List<String> ids(List<FinishedBatch> items) {
        return items.stream().map(FinishedBatch::batchId).toList();
    }

    /** The reference order: the database's own ORDER BY with an offset (slow, but only the test's). */
    private static List<String> reference(JobRunrStorage storage, int offset, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = storage.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement(storage.sql("select id from jobrunr_jobs where state = 'SUCCEEDED' "
                 + "order by updatedAt desc, id desc limit " + limit + " offset " + offset));
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                ids.add(r.getString(1).strip());
            }
        }
        return ids;
    }

    private static Cursor cursorAt(JobRunrStorage storage, int offset) throws SQLException {
        try (Connection c = storage.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement(storage.sql("select id, updatedAt from jobrunr_jobs where state = 'SUCCEEDED' "
                 + "order by updatedAt desc, id desc limit 1 offset " + offset));
             ResultSet r = q.executeQuery()) {
            assertTrue(r.next());
            return new Cursor(r.getTimestamp(2, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"))).toInstant(),
                r.getString(1).strip());
        }
    }
}
