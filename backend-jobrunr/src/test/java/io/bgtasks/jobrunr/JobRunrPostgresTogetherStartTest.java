package io.bgtasks.jobrunr;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes that start at the same moment on an empty PostgreSQL schema all start: one creates JobRunr's tables
 * while the others wait for it, instead of racing to create the same tables and exiting. Real JVMs, each opening the
 * storage at the same wall-clock millisecond, several rounds.
 */
class JobRunrPostgresTogetherStartTest {

    @Test
    void fourProcessesOpeningAnEmptySchemaTogetherAllSucceed() throws Exception {
        TestPostgres postgres = TestPostgres.start();
        try {
            for (int round = 0; round < 2; round++) {
                String prefix = "together_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
                long at = System.currentTimeMillis() + 6_000; // after every JVM has started
                List<Process> processes = new ArrayList<>();
                List<Path> logs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Path log = Files.createTempFile(Path.of("target"), "open-storage-", ".log");
                    logs.add(log);
                    processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                        OpenStorage.class.getName(), postgres.url, postgres.user, postgres.password, prefix, Long.toString(at))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
                }
                for (int i = 0; i < processes.size(); i++) {
                    assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS), "process " + i + " ended");
                    assertEquals(0, processes.get(i).exitValue(), "round " + round + ", process " + i + ": "
                        + Files.readString(logs.get(i)));
                }
                try (Connection connection = DriverManager.getConnection(postgres.url, postgres.user, postgres.password);
                     ResultSet tables = connection.getMetaData().getTables(null, null, prefix + "jobrunr_jobs", null)) {
                    assertTrue(tables.next(), "the jobs table exists");
                }
            }
        } finally {
            postgres.stop();
        }
    }
}
