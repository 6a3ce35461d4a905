package io.bgtasks.jobrunr;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** {@link JobRunrDamagedStorage} on PostgreSQL ({@link TestPostgres}), damaged through a connection of its own. */
class JobRunrPostgresDamagedStorageTest extends JobRunrDamagedStorage {
    private final String prefix = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private TestPostgres postgres;

    @Override
    protected synchronized Map<String, Object> backend() {
        if (postgres == null) {
            postgres = TestPostgres.start();
        }
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", postgres.url, "bgtasks.jobrunr.username", postgres.user,
            "bgtasks.jobrunr.password", postgres.password, "bgtasks.jobrunr.table-prefix", prefix);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.url, postgres.user, postgres.password);
    }

    @Override
    protected String table() {
        return prefix + "jobrunr_jobs";
    }

    @Override
    protected void closeStorage() {
        if (postgres != null) {
            postgres.stop();
        }
    }
}
