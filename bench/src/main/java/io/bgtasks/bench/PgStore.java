package io.bgtasks.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JobRunr on PostgreSQL ({@link Knobs#JOBRUNR_JDBC_URL}), for ours and the raw peer alike: each scenario gets a
 * schema of its own, dropped and created empty on first use and dropped by {@link #drop}, and JobRunr's table
 * prefix {@code schema.} puts its tables there. Other users of the database are not touched.
 */
final class PgStore {
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private PgStore() {
    }

    /** @return whether JobRunr runs on PostgreSQL rather than an H2 file */
    static boolean enabled() {
        String url = Knobs.JOBRUNR_JDBC_URL;
        if (url.isEmpty()) {
            return false;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("JOBRUNR_JDBC_URL must be a jdbc:postgresql: URL, not " + url);
        }
        return true;
    }

    /** @return whether JobRunr runs on a PostgreSQL server on this machine, whose CPU {@link CpuMeter} can read */
    static boolean local() {
        if (!enabled()) {
            return false;
        }
        Matcher m = Pattern.compile("^jdbc:postgresql://(\\[[^\\]]*\\]|[^/:?,]*)").matcher(Knobs.JOBRUNR_JDBC_URL);
        String host = m.find() ? m.group(1) : "localhost";
        return host.isEmpty() || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** @return the suffix of the {@code system} field: {@code -pg} on PostgreSQL, none on H2 */
    static String systemSuffix() {
        return enabled() ? "-pg" : "";
    }

    /**
     * @param prefix a scenario's key prefix
     * @return JobRunr's table prefix for it ({@code schema.}), its schema created empty on the first call
     */
    static String tablePrefix(String prefix) {
        String schema = schema(prefix);
        if (CREATED.add(schema)) {
            sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        }
        return schema + ".";
    }

    /** Takes the scenario's schema as made by another process (it is not dropped and made again here). */
    static void adopt(String prefix) {
        CREATED.add(schema(prefix));
    }

    /** Drops the scenario's schema, with JobRunr's tables in it. */
    static void drop(String prefix) {
        String schema = schema(prefix);
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        CREATED.remove(schema);
    }

    private static String schema(String prefix) {
        String s = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return "bench_" + (s.length() > 50 ? s.substring(s.length() - 50) : s);
    }

    private static void sql(String... statements) {
        try (Connection c = DriverManager.getConnection(Knobs.JOBRUNR_JDBC_URL); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + String.join("; ", statements), e);
        }
    }
}
