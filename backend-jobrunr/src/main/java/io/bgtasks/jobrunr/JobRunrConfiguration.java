package io.bgtasks.jobrunr;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.bgtasks.config.PropertyChecks;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of the JobRunr backend, {@code bgtasks.jobrunr.*}. */
@ConfigurationProperties("bgtasks.jobrunr")
public class JobRunrConfiguration {
    /** Where JobRunr keeps its jobs. */
    public enum Storage {
        /** An embedded H2 database in a file: one process, nothing to install. */
        H2,
        /** A PostgreSQL database: any number of processes share one queue. */
        POSTGRES
    }

    /** Where jobs are kept, h2 or postgres; when not set, postgres for a jdbc:postgresql: URL, else h2. */
    private Storage storage;
    /** The H2 database file, without .mv.db; relative to the working directory. */
    @Bindable(defaultValue = "bgtasks-data/jobrunr")
    private Path h2Path = Path.of("bgtasks-data", "jobrunr");
    /** A JDBC URL such as jdbc:postgresql://host:5432/db; for H2 it replaces the URL built from h2-path. */
    private String jdbcUrl;
    /** The database user. */
    private String username;
    /** The database password. */
    private String password;
    /** A prefix of JobRunr's tables (e.g. a schema, bgtasks.), so several applications can share a database. */
    private String tablePrefix;
    /** How often a worker looks for new jobs and due retries, at least 5s (JobRunr's minimum on SQL storage). */
    @Bindable(defaultValue = "5s")
    private Duration pollInterval = Duration.ofSeconds(5);
    /** Whether workers look for a stored job at once instead of at their next poll (PostgreSQL: in every process). */
    @Bindable(defaultValue = "true")
    private boolean instantPickup = true;
    /** The most database connections this process opens, 1 to 1000. */
    @Bindable(defaultValue = "10")
    private int poolSize = 10;
    /** How long a request waits for a database connection before it answers 503. */
    @Bindable(defaultValue = "5s")
    private Duration connectionTimeout = Duration.ofSeconds(5);
    /** How long a succeeded batch stays queryable (and its id idempotent) before JobRunr deletes it. */
    @Bindable(defaultValue = "36h")
    private Duration deleteSucceededJobsAfter = Duration.ofHours(36);
    /** How long a deleted job is kept before it is removed for good. */
    @Bindable(defaultValue = "72h")
    private Duration permanentlyDeleteJobsAfter = Duration.ofHours(72);

    /**
     * @return the storage; when not set, {@code POSTGRES} if {@link #getJdbcUrl()} is a PostgreSQL URL, else {@code H2}
     */
    public Storage getStorage() {
        if (storage != null) {
            return storage;
        }
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") ? Storage.POSTGRES : Storage.H2;
    }

    /** @param storage the storage */
    public void setStorage(Storage storage) {
        this.storage = storage;
    }

    /**
     * @return the H2 database file, without the {@code .mv.db} suffix; relative paths are resolved against the
     *         working directory (default {@code bgtasks-data/jobrunr})
     */
    public Path getH2Path() {
        return h2Path;
    }

    /** @param h2Path the H2 database file */
    public void setH2Path(Path h2Path) {
        this.h2Path = h2Path;
    }

    /**
     * @return a JDBC URL ({@code jdbc:postgresql://host:5432/db}); for H2 it replaces the URL built from
     *         {@link #getH2Path()}
     */
    public @Nullable String getJdbcUrl() {
        return jdbcUrl;
    }

    /** @param jdbcUrl the JDBC URL */
    public void setJdbcUrl(@Nullable String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** @return the database user */
    public @Nullable String getUsername() {
        return username;
    }

    /** @param username the database user */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** @return the database password */
    public @Nullable String getPassword() {
        return password;
    }

    /** @param password the database password */
    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    /**
     * @return a prefix for JobRunr's tables (e.g. a schema, {@code bgtasks.}), so that several applications or
     *         JobRunr uses can share one database; none by default
     */
    public @Nullable String getTablePrefix() {
        return tablePrefix;
    }

    /** @param tablePrefix the table prefix */
    public void setTablePrefix(@Nullable String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /**
     * @return how often a worker looks for new jobs and due retries (default 5s, JobRunr's minimum on SQL storage):
     *         the bound of the pickup latency when {@link #isInstantPickup()} is off, and of a due retry's or delayed
     *         batch's start
     */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** @param pollInterval the poll interval, at least 5s */
    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = PropertyChecks.atLeast("bgtasks.jobrunr.poll-interval", pollInterval, Duration.ofSeconds(5),
            "JobRunr's minimum on SQL storage");
    }

    /**
     * @return whether a stored job is looked for at once (default true): this process's worker looks as soon as this
     *         process has stored a job, and on PostgreSQL every process's worker looks when any process has
     *         (a {@code NOTIFY} after the insert); when false, or when that fails, the poll interval bounds the pickup
     */
    public boolean isInstantPickup() {
        return instantPickup;
    }

    /** @param instantPickup whether to look for a stored job at once */
    public void setInstantPickup(boolean instantPickup) {
        this.instantPickup = instantPickup;
    }

    /** @return the most database connections this process opens (default 10) */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the most connections */
    public void setPoolSize(int poolSize) {
        this.poolSize = PropertyChecks.between("bgtasks.jobrunr.pool-size", poolSize, 1, 1000);
    }

    /**
     * @return how long a request waits for a database connection before it answers 503 (default 5s)
     */
    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    /** @param connectionTimeout how long to wait for a connection */
    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = PropertyChecks.positive("bgtasks.jobrunr.connection-timeout", connectionTimeout);
    }

    /**
     * @return how long a succeeded batch stays queryable (and its id idempotent) before JobRunr deletes it
     *         (default 36h)
     */
    public Duration getDeleteSucceededJobsAfter() {
        return deleteSucceededJobsAfter;
    }

    /** @param deleteSucceededJobsAfter how long succeeded jobs are kept */
    public void setDeleteSucceededJobsAfter(Duration deleteSucceededJobsAfter) {
        this.deleteSucceededJobsAfter = PropertyChecks.positive("bgtasks.jobrunr.delete-succeeded-jobs-after", deleteSucceededJobsAfter);
    }

    /** @return how long a deleted job is kept before it is removed for good (default 72h) */
    public Duration getPermanentlyDeleteJobsAfter() {
        return permanentlyDeleteJobsAfter;
    }

    /** @param permanentlyDeleteJobsAfter how long deleted jobs are kept */
    public void setPermanentlyDeleteJobsAfter(Duration permanentlyDeleteJobsAfter) {
        this.permanentlyDeleteJobsAfter = PropertyChecks.positive("bgtasks.jobrunr.permanently-delete-jobs-after", permanentlyDeleteJobsAfter);
    }

    /** JobRunr's dashboard, {@code bgtasks.jobrunr.dashboard.*}: off unless enabled. */
    @ConfigurationProperties("dashboard")
    public static class Dashboard {
        /** Whether this process serves JobRunr's dashboard. */
        @Bindable(defaultValue = "false")
        private boolean enabled;
        /** The dashboard's HTTP port, 1 to 65535. */
        @Bindable(defaultValue = "8000")
        private int port = 8000;
        /** The dashboard's basic-auth user; without user and password the dashboard is open to anyone. */
        private String username;
        /** The dashboard's basic-auth password. */
        private String password;

        /** @return whether this process serves JobRunr's dashboard (default false) */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether to serve the dashboard */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the dashboard's HTTP port (default 8000) */
        public int getPort() {
            return port;
        }

        /** @param port the dashboard's port */
        public void setPort(int port) {
            this.port = PropertyChecks.between("bgtasks.jobrunr.dashboard.port", port, 1, 65_535);
        }

        /** @return the basic-auth user; without user and password the dashboard is open to anyone who reaches the port */
        public @Nullable String getUsername() {
            return username;
        }

        /** @param username the basic-auth user */
        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        /** @return the basic-auth password */
        public @Nullable String getPassword() {
            return password;
        }

        /** @param password the basic-auth password */
        public void setPassword(@Nullable String password) {
            this.password = password;
        }
    }
}
