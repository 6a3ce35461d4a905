package io.bgtasks.app.packaged;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.app.support.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable jar that {@code mvn package} builds, started as its own JVM the way the docs show, on every backend:
 * in one process (web and worker) and as a web-only process beside a worker-only one. A POST stores a task, and the
 * task runs: its line appears in the task log of the process that ran it, and its status says SUCCEEDED. A class
 * the jar lacks, a manifest entry it needs, or a start-up that hangs instead of exiting fails here.
 */
class PackagedAppIT {
    private static final Duration START = Duration.ofSeconds(90);
    /** JobRunr picks new jobs up at its next poll (every 5 s by default). */
    private static final Duration RUN = Duration.ofSeconds(45);

    @Test
    void inMemoryByDefault() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("inmemory").start().awaitHttp(START)) {
            postAndSeeItRun(app, app, "inmemory");
        }
    }

    @Test
    void redisInOneProcess() throws Exception {
        try (PackagedApp app = redis("redis-one", RedisServer.freshPrefix()).start().awaitHttp(START)) {
            postAndSeeItRun(app, app, "redis");
        }
    }

    @Test
    void redisWebOnlyAndWorkerOnly() throws Exception {
        String prefix = RedisServer.freshPrefix();
        try (PackagedApp web = redis("redis-web", prefix).webOnly().start().awaitHttp(START);
             PackagedApp worker = redis("redis-worker", prefix).workerOnly().start()) {
            worker.awaitOutput("started: concurrency", START);
            postAndSeeItRun(web, worker, "redis-split");
            assertEquals("", web.taskLog(), "the web-only process ran a task");
        }
    }

    @Test
    void jobrunrOnAnH2File() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("jobrunr-h2").env("BGTASKS_BACKEND", "jobrunr").start()
            .awaitHttp(START)) {
            postAndSeeItRun(app, app, "jobrunr-h2");
        }
    }

    /** The docs say an H2 file belongs to one process: the second one must stop at start-up, not hang or answer 500. */
    @Test
    void aSecondProcessOnTheSameH2FileExitsWithTheCause() throws Exception {
        Path h2 = Path.of(JobRunrStores.freshH2Path());
        try (PackagedApp web = PackagedApp.Launch.named("jobrunr-h2-web").env("BGTASKS_BACKEND", "jobrunr")
            .env("BGTASKS_JOBRUNR_H2_PATH", h2.toString()).webOnly().start().awaitHttp(START);
             PackagedApp worker = PackagedApp.Launch.named("jobrunr-h2-worker").env("BGTASKS_BACKEND", "jobrunr")
                 .env("BGTASKS_JOBRUNR_H2_PATH", h2.toString()).workerOnly().start()) {
            assertEquals(1, worker.awaitExit(START), worker.output());
            assertTrue(worker.output().contains("failed to start"), worker.output());
            assertEquals(202, web.post("/send-notification?email=still-up@example.com").statusCode(),
                "the first process keeps working");
        }
    }

    @Test
    void jobrunrOnPostgresInOneProcess() throws Exception {
        try (PackagedApp app = postgres("jobrunr-pg-one", freshSchema()).start().awaitHttp(START)) {
            postAndSeeItRun(app, app, "jobrunr-pg");
        }
    }

    @Test
    void jobrunrOnPostgresWebOnlyAndWorkerOnly() throws Exception {
        String schema = freshSchema();
        try (PackagedApp web = postgres("jobrunr-pg-web", schema).webOnly().start().awaitHttp(START);
             PackagedApp worker = postgres("jobrunr-pg-worker", schema).workerOnly().start()) {
            postAndSeeItRun(web, worker, "jobrunr-pg-split");
            assertEquals("", web.taskLog(), "the web-only process ran a task");
        }
    }

    @Test
    void anImpossibleSettingStopsAWebProcessWithStatusOne() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("bad-web").env("BGTASKS_WORKER_CONCURRENCY", "0").start()) {
            assertEquals(1, app.awaitExit(START), app.output());
            assertTrue(app.output().contains("invalid bgtasks.worker.concurrency=0"), app.output());
        }
    }

    @Test
    void anUnknownBackendStopsAWorkerOnlyProcessWithStatusOne() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("bad-worker").env("BGTASKS_BACKEND", "rabbit").workerOnly()
            .start()) {
            assertEquals(1, app.awaitExit(START), app.output());
            assertTrue(app.output().contains("bgtasks.backend=rabbit but no backend module provides it"), app.output());
        }
    }

    @Test
    void servingANetworkWithoutTheOperatorsCredentialsStopsWithStatusOne() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("open-network").env("MICRONAUT_SERVER_HOST", "0.0.0.0").start()) {
            assertEquals(1, app.awaitExit(START), app.output());
            assertTrue(app.output().contains("would be open to anyone") && app.output().contains("BGTASKS_AUTH_PASSWORD"),
                app.output());
        }
    }

    @Test
    void servingANetworkWithTheOperatorsCredentialsGuardsTheOperatorsEndpoints() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("guarded-network").env("MICRONAUT_SERVER_HOST", "0.0.0.0")
            .env("BGTASKS_AUTH_USERNAME", "ops").env("BGTASKS_AUTH_PASSWORD", "s3cret").start().awaitHttp(START)) {
            postAndSeeItRun(app, app, "guarded"); // a task's state stays readable without credentials
            for (String path : List.of("/bgtasks/dashboard", "/tasks/schedules", "/dead-letters")) {
                assertEquals(401, app.get(path).statusCode(), path);
            }
            assertEquals(200, app.get("/bgtasks/dashboard/api/overview", "ops", "s3cret").statusCode());
        }
    }

    @Test
    void anUnreachableRedisDoesNotStopStartUpButAnswers503() throws Exception {
        // a Redis outage is transient: the process stays up and says so per request, and recovers when Redis does
        try (PackagedApp app = PackagedApp.Launch.named("redis-down").env("BGTASKS_BACKEND", "redis")
            .env("REDIS_URL", "redis://127.0.0.1:1").webOnly().start().awaitHttp(START)) {
            HttpResponse<String> response = app.post("/send-notification?email=nobody@example.com");
            assertEquals(503, response.statusCode(), response.body());
        }
    }

    @Test
    void anUnreachableJobRunrDatabaseStopsStartUpWithStatusOne() throws Exception {
        try (PackagedApp app = PackagedApp.Launch.named("jobrunr-pg-down").env("BGTASKS_BACKEND", "jobrunr")
            .env("BGTASKS_JOBRUNR_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/nothing")
            .env("BGTASKS_JOBRUNR_CONNECTION_TIMEOUT", "1s").start()) {
            assertEquals(1, app.awaitExit(START), app.output());
            assertTrue(app.output().contains("failed to start"), app.output());
        }
    }

    private static void postAndSeeItRun(PackagedApp web, PackagedApp worker, String who)
        throws IOException, InterruptedException {
        String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> response = web.post("/send-notification?email=" + email);
        assertEquals(202, response.statusCode(), response.body());
        String taskId = response.headers().firstValue("X-Task-Ids").orElseThrow();
        long deadline = System.nanoTime() + RUN.toNanos();
        while (!worker.taskLog().contains("Notified: " + email) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(worker.taskLog().contains("Notified: " + email),
            "the task did not run within " + RUN + "; worker output:\n" + worker.output());
        String status = "";
        while (!status.contains("SUCCEEDED") && System.nanoTime() < deadline) {
            status = web.get("/tasks/" + taskId).body();
            Thread.sleep(100);
        }
        assertTrue(status.contains("\"SUCCEEDED\""), "status of " + taskId + ": " + status);
    }

    private static PackagedApp.Launch redis(String name, String prefix) throws IOException {
        return PackagedApp.Launch.named(name).env("BGTASKS_BACKEND", "redis").env("REDIS_URL", RedisServer.uri())
            .env("BGTASKS_REDIS_PREFIX", prefix);
    }

    private static PackagedApp.Launch postgres(String name, String schema) throws IOException {
        return PackagedApp.Launch.named(name).env("BGTASKS_BACKEND", "jobrunr")
            .env("BGTASKS_JOBRUNR_JDBC_URL", JobRunrStores.postgresUrl())
            .env("BGTASKS_JOBRUNR_USERNAME", JobRunrStores.postgresUser())
            .env("BGTASKS_JOBRUNR_PASSWORD", JobRunrStores.postgresPassword())
            .env("BGTASKS_JOBRUNR_TABLE_PREFIX", schema + ".");
    }

    /** A schema of this test's own, so that its processes share a queue no other test sees. */
    private static String freshSchema() throws SQLException {
        String schema = "packaged_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(JobRunrStores.postgresUrl(),
            JobRunrStores.postgresUser(), JobRunrStores.postgresPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }
}
