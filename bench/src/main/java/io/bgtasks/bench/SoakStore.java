package io.bgtasks.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the soak run's store holds, read from outside the application every sample: on Redis {@code used_memory},
 * {@code DBSIZE} (the server is private to the run) and the lengths of the finished-status index, wait list and
 * lease set; on JobRunr the jobs table's rows (by state) and {@code pg_total_relation_size} (table, indexes, TOAST),
 * the whole schema's size and the table's dead tuples. {@link #bytes} and {@link #retained} are the two figures the
 * summary is about.
 */
abstract sealed class SoakStore implements AutoCloseable {

    static SoakStore of(Backends backend, RedisAdmin redis) throws SQLException {
        return backend == Backends.REDIS ? new OnRedis(redis) : new OnPostgres();
    }

    /** Empties the store before a run: the run's keys, or the schema dropped and created empty. */
    abstract void reset() throws SQLException;

    /** Removes what the run stored (SOAK_KEEP=1 keeps it, to look at afterwards). */
    abstract void discard() throws SQLException;

    /** @return one sample's store fields; {@code store_bytes} and {@code retained} among them */
    abstract Map<String, Object> sample() throws SQLException;

    /** @return settings of the store's server that decide its bound, for the summary */
    abstract Map<String, Object> server() throws SQLException;

    /** @return what the store's memory is measured as, for the chart and the summary */
    abstract String bytesLabel();

    static final class OnRedis extends SoakStore {
        private final RedisAdmin redis;
        private final String p = SoakSettings.REDIS_PREFIX;

        OnRedis(RedisAdmin redis) {
            this.redis = redis;
        }

        @Override
        void reset() {
            redis.deletePrefix(p);
        }

        @Override
        void discard() {
            redis.deletePrefix(p);
        }

        @Override
        Map<String, Object> sample() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("store_bytes", redis.usedMemory());
            m.put("keys", redis.client().dbSize());
            // succeeded statuses kept: the index the count bound trims, one entry per kept status
            m.put("retained", redis.client().llen(p + ":done"));
            m.put("queued", redis.client().llen(p + ":wait"));
            m.put("leased", redis.client().zcard(p + ":active"));
            return m;
        }

        @Override
        Map<String, Object> server() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String line : redis.client().info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    m.put("redis_version", line.substring("redis_version:".length()).trim());
                }
            }
            return m;
        }

        @Override
        String bytesLabel() {
            return "Redis used_memory";
        }

        @Override
        public void close() {
        }
    }

    static final class OnPostgres extends SoakStore {
        private final Connection c;
        private final String schema = SoakSettings.PG_SCHEMA;

        OnPostgres() throws SQLException {
            c = DriverManager.getConnection(SoakSettings.PG_URL);
        }

        @Override
        void reset() throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            }
        }

        @Override
        void discard() throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }

        @Override
        Map<String, Object> sample() throws SQLException {
            Map<String, Object> m = new LinkedHashMap<>();
            String jobs = schema + ".jobrunr_jobs";
            try (Statement s = c.createStatement()) {
                m.put("store_bytes", one(s, "SELECT pg_total_relation_size('" + jobs + "')"));
                m.put("schema_bytes", one(s, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relkind = 'r'"));
                try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE state = 'SUCCEEDED'),"
                    + " count(*) FILTER (WHERE state = 'DELETED'), count(*) FILTER (WHERE state IN ('ENQUEUED', 'SCHEDULED')),"
                    + " count(*) FILTER (WHERE state = 'PROCESSING'), count(*) FILTER (WHERE state = 'FAILED') FROM " + jobs)) {
                    r.next();
                    m.put("retained", r.getLong(1));
                    m.put("succeeded", r.getLong(2));
                    m.put("deleted", r.getLong(3));
                    m.put("queued", r.getLong(4));
                    m.put("leased", r.getLong(5));
                    m.put("failed", r.getLong(6));
                }
                m.put("dead_tuples", one(s, "SELECT coalesce(max(n_dead_tup), 0) FROM pg_stat_user_tables"
                    + " WHERE schemaname = '" + schema + "' AND relname = 'jobrunr_jobs'"));
            }
            return m;
        }

        private static long one(Statement s, String sql) throws SQLException {
            try (ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        }

        /** Autovacuum decides whether the space of updated and deleted job rows is ever reused. */
        @Override
        Map<String, Object> server() throws SQLException {
            Map<String, Object> m = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT current_setting('server_version'), current_setting('autovacuum'), current_setting('shared_buffers')")) {
                r.next();
                m.put("pg_version", r.getString(1));
                m.put("pg_autovacuum", r.getString(2));
                m.put("pg_shared_buffers", r.getString(3));
            }
            return m;
        }

        @Override
        String bytesLabel() {
            return "jobrunr_jobs, pg_total_relation_size";
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
