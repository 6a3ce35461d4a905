package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.jobrunr.BatchJob;
import io.bgtasks.jobrunr.JobRunrStorage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable hand-off on JobRunr over HTTP: a 2xx means the job is stored, an unreachable database means 503. (Idempotency
 * keys are the contract's, and the pick-up latency is measured, in backend-jobrunr.)
 */
class JobRunrHandOffTest {

    private static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @Test
    void aBatchIsStoredBeforeTheResponseAndRunsAfterIt() throws Exception {
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path(),
            "bgtasks.worker.enabled", "false"))) {
            Http http = new Http(web.getURI());
            Http.Timed r = http.post("/t/three", "key", UUID.randomUUID().toString(), "failSecond", "false");
            assertEquals(200, r.status());
            String batch = r.taskIds().get(0).substring(0, 36);
            // web only: nothing ran, but the whole batch is one stored, enqueued job whose id is the batch id
            Job job = web.getApplicationContext().getBean(JobRunrStorage.class).provider().getJobById(UUID.fromString(batch));
            assertEquals(StateName.ENQUEUED, job.getState());
            Object request = job.getJobDetails().getJobParameters().get(0).getObject();
            assertTrue(request instanceof BatchJob b && b.payload().contains("TestTasks#record"), String.valueOf(request));
            assertTrue(http.get("/tasks/" + r.taskIds().get(2)).response().body().contains("\"state\":\"QUEUED\""));
        }
    }

    @Test
    void anUnreachableDatabaseAnswers503AndRunsNothing() throws Exception {
        String image = System.getenv().getOrDefault("BGTASKS_POSTGRES_IMAGE", "postgres:15");
        try (PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))) {
            postgres.start();
            try (EmbeddedServer web = start(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.jdbc-url", postgres.getJdbcUrl(),
                "bgtasks.jobrunr.username", postgres.getUsername(), "bgtasks.jobrunr.password", postgres.getPassword(),
                "bgtasks.jobrunr.connection-timeout", "1s", "bgtasks.worker.enabled", "false"))) {
                Http http = new Http(web.getURI());
                assertEquals(200, http.post("/t/record", "key", "reachable", "label", "x").status());
                postgres.stop();
                Http.Timed r = http.post("/t/record", "key", "unreachable", "label", "x");
                assertEquals(503, r.status());
                assertTrue(r.response().body().contains("background tasks could not be queued"), r.response().body());
                assertFalse(r.response().body().contains("jdbc:") || r.response().body().contains("SQL"),
                    "the 503 does not show the database's address or errors: " + r.response().body());
                assertTrue(r.response().headers().firstValue("Retry-After").isPresent());
                assertTrue(r.taskIds().isEmpty(), "no task id is announced for a batch that was not stored");
            }
        }
    }
}
