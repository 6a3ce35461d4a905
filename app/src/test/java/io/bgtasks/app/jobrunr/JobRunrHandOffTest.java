package io.bgtasks.app.jobrunr;

import io.bgtasks.app.support.JobRunrStores;
import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.TestTasks;
import io.bgtasks.jobrunr.BatchJob;
import io.bgtasks.jobrunr.JobRunrStorage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable hand-off on JobRunr: a 2xx means the job is stored, an unreachable database means 503, ids are
 * idempotent, and the pickup latency is bounded by the poll interval (measured and printed).
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
                assertTrue(r.response().headers().firstValue("Retry-After").isPresent());
                assertTrue(r.taskIds().isEmpty(), "no task id is announced for a batch that was not stored");
            }
        }
    }

    @Test
    void submittingTheSameIdempotencyKeyTwiceRunsOnce() throws Exception {
        try (EmbeddedServer app = start(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path()))) {
            TaskSubmitter submitter = app.getApplicationContext().getBean(TaskSubmitter.class);
            Recorder recorder = app.getApplicationContext().getBean(Recorder.class);
            String key = UUID.randomUUID().toString();
            List<TaskHandle> first = submitter.submit("order-42-" + key, t -> t.addTask(TestTasks::record, key, "once"));
            List<TaskHandle> again = submitter.submit("order-42-" + key, t -> t.addTask(TestTasks::record, key, "once"));
            assertEquals(first.get(0).id(), again.get(0).id(), "same key, same ids");
            assertTrue(app.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));
            // and after it ran: still once
            submitter.submit("order-42-" + key, t -> t.addTask(TestTasks::record, key, "once"));
            assertTrue(app.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));
            assertEquals(List.of("once"), recorder.labels(key));
        }
    }

    @Test
    void pickupLatencyIsBoundedByThePollInterval() throws Exception {
        try (EmbeddedServer app = start(Map.of("bgtasks.backend", "jobrunr", "bgtasks.jobrunr.h2-path", JobRunrStores.freshH2Path()))) {
            Http http = new Http(app.getURI());
            Recorder recorder = app.getApplicationContext().getBean(Recorder.class);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String key = UUID.randomUUID().toString();
                Http.Timed r = http.post("/t/record", "key", key, "label", "picked-up");
                assertEquals(200, r.status());
                List<Recorder.Event> events = recorder.await(key, 1, Duration.ofSeconds(20));
                assertEquals(1, events.size());
                latencies.add((events.get(0).nanos() - r.receivedNanos()) / 1_000_000);
                Thread.sleep(300 + i * 700L); // spread the submissions over the poll cycle
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf("jobrunr pickup latency (2xx -> task start), poll interval 5 s: %s ms; min %d, median %d, max %d%n",
                latencies, sorted.get(0), (sorted.get(2) + sorted.get(3)) / 2, sorted.get(5));
            assertTrue(sorted.get(5) < 5_000 + 2_000, "bounded by the poll interval (plus slack): " + latencies);
        }
    }
}
