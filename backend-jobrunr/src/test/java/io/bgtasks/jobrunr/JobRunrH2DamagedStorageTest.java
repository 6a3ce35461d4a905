package io.bgtasks.jobrunr;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** {@link JobRunrDamagedStorage} on an H2 file, damaged through a second connection to the same file. */
class JobRunrH2DamagedStorageTest extends JobRunrDamagedStorage {
    private final Path file = Path.of("target", "damaged-h2", UUID.randomUUID().toString().substring(0, 8), "jobrunr").toAbsolutePath();

    @Override
    protected Map<String, Object> backend() {
        return Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", file.toString());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JobRunrStorage.h2Url(file));
    }

    @Override
    protected String table() {
        return "jobrunr_jobs";
    }
}
