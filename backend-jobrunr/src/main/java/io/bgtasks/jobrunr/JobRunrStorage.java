package io.bgtasks.jobrunr;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.db.Dialect;
import org.jobrunr.storage.sql.h2.H2Dialect;
import org.jobrunr.storage.sql.postgres.PostgresDialect;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * JobRunr's storage as this process uses it: a connection pool, the {@link StorageProvider} on it (its tables
 * are created or migrated on start) and the JSON mapper both share. The mapper is set explicitly because
 * JobRunr's own detection would pick whatever JSON library happens to be on the class path (Jedis brings Gson).
 */
public final class JobRunrStorage implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final StorageProvider provider;
    private final JsonMapper json;
    private final RowRepair repair;
    private final Dialect dialect;
    private final String tablePrefix;
    private final String where;

    private JobRunrStorage(HikariDataSource dataSource, StorageProvider provider, JsonMapper json, RowRepair repair,
                           Dialect dialect, String tablePrefix, String where) {
        this.dataSource = dataSource;
        this.provider = provider;
        this.json = json;
        this.repair = repair;
        this.dialect = dialect;
        this.tablePrefix = tablePrefix == null ? "" : tablePrefix;
        this.where = where;
    }

    /**
     * Connects and prepares the tables.
     *
     * @param configuration the backend's settings
     * @return the opened storage
     */
    public static JobRunrStorage open(JobRunrConfiguration configuration) {
        HikariConfig pool = new HikariConfig();
        String url;
        if (configuration.getStorage() == JobRunrConfiguration.Storage.H2) {
            url = configuration.getJdbcUrl() != null ? configuration.getJdbcUrl() : h2Url(configuration.getH2Path());
        } else {
            url = configuration.getJdbcUrl();
            if (url == null) {
                throw new IllegalArgumentException("bgtasks.jobrunr.storage=postgres needs bgtasks.jobrunr.jdbc-url");
            }
        }
        requireDriver(configuration.getStorage());
        pool.setJdbcUrl(url);
        pool.setUsername(configuration.getUsername());
        pool.setPassword(configuration.getPassword());
        pool.setMaximumPoolSize(configuration.getPoolSize());
        pool.setMinimumIdle(1);
        pool.setPoolName("bgtasks-jobrunr");
        // a request waits for a connection at most this long before it answers 503
        pool.setConnectionTimeout(configuration.getConnectionTimeout().toMillis());
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            String prefix = configuration.getTablePrefix();
            JsonMapper json = new Jackson3JsonMapper();
            // rows are checked before JobRunr reads them, and damaged ones are repaired (see RowRepair)
            JobMapper mapper = new GuardedJobMapper(json);
            RowRepair repair = new RowRepair(dataSource, prefix, mapper);
            StorageProvider provider = configuration.getStorage() == JobRunrConfiguration.Storage.H2
                ? new GuardedStorage.H2(dataSource, prefix, repair)
                : migratedAlone(dataSource, prefix, () -> new GuardedStorage.Postgres(dataSource, prefix, repair));
            provider.setJobMapper(mapper);
            if (configuration.getStorage() == JobRunrConfiguration.Storage.H2) {
                ListingIndex.onH2(dataSource, prefix);
            }
            // the dialect JobRunr's provider of this database uses, for the few statements bgtasks runs itself
            Dialect dialect = configuration.getStorage() == JobRunrConfiguration.Storage.H2 ? new H2Dialect() : new PostgresDialect();
            return new JobRunrStorage(dataSource, provider, json, repair, dialect, prefix, withoutSecrets(url));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * JobRunr creates or migrates its tables when its provider is built. Processes that start together on an empty
     * schema would race (PostgreSQL refuses the second CREATE TABLE of a name with a duplicate key error and the
     * process exits), so on PostgreSQL one process at a time builds the provider, under an advisory lock of the
     * table prefix; the others then find the tables made.
     */
    private static StorageProvider migratedAlone(HikariDataSource dataSource, String prefix,
                                                 java.util.function.Supplier<StorageProvider> build) {
        long lock = ("bgtasks-jobrunr-tables:" + (prefix == null ? "" : prefix)).hashCode();
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_lock(" + lock + ")");
            try {
                return build.get();
            } finally {
                statement.execute("select pg_advisory_unlock(" + lock + ")");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not lock JobRunr's tables for their creation: " + e.getMessage(), e);
        }
    }

    // the drivers are the application's choice (optional dependencies): say which one is missing, not "no suitable driver"
    private static void requireDriver(JobRunrConfiguration.Storage storage) {
        String driver = storage == JobRunrConfiguration.Storage.H2 ? "org.h2.Driver" : "org.postgresql.Driver";
        String artifact = storage == JobRunrConfiguration.Storage.H2 ? "com.h2database:h2" : "org.postgresql:postgresql";
        try {
            Class.forName(driver, false, JobRunrStorage.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("bgtasks.jobrunr.storage=" + storage.name().toLowerCase(java.util.Locale.ROOT)
                + " needs its JDBC driver " + driver + ", which is not on the classpath: add the dependency " + artifact
                + " (runtime scope) to the application", e);
        }
    }

    /**
     * The H2 URL of a database file. {@code WRITE_DELAY=0} writes every commit to the file at once (H2 defaults to
     * a delay of 500 ms), so a stored batch survives the process being killed; {@code DB_CLOSE_ON_EXIT=FALSE}
     * leaves closing to this class, after JobRunr has stopped.
     */
    static String h2Url(Path path) {
        Path file = path.toAbsolutePath().normalize();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the JobRunr H2 database " + file, e);
        }
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static String withoutSecrets(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** @return JobRunr's storage provider */
    public StorageProvider provider() {
        return provider;
    }

    /** @return the JSON mapper JobRunr serializes jobs with */
    public JsonMapper json() {
        return json;
    }

    /** @return what finds and repairs damaged rows of this storage */
    RowRepair repair() {
        return repair;
    }

    /**
     * @return the connection pool JobRunr's provider uses, for statements bgtasks runs itself; its URL and credentials
     *         also open the pickup's own LISTEN connection
     */
    HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * @param sql a statement on JobRunr's tables, with their plain names
     * @return the statement with the table prefix and the quoting JobRunr's dialect of this database needs
     */
    String sql(String sql) {
        return dialect.escape(sql.replace("jobrunr_", tablePrefix + "jobrunr_"));
    }

    /** Sets a timestamp of JobRunr's tables as JobRunr does on this database (UTC, H2 rounded to microseconds). */
    void setTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
        dialect.setTimestamp(statement, index, null, instant);
    }

    /** @return whether this is an H2 database (the few statements that differ from PostgreSQL's ask) */
    boolean isH2() {
        return dialect instanceof H2Dialect;
    }

    /** @return the database, without credentials, for messages */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        provider.close();
        dataSource.close();
    }
}
