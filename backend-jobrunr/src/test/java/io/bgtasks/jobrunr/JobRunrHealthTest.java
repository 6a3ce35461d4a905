package io.bgtasks.jobrunr;

import io.bgtasks.spi.BackendHealth;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend's health follows its PostgreSQL: up with JobRunr's counts while the database answers, down while its
 * container is paused (every query hangs), up again once it answers. Uses a container of its own, since it pauses it.
 */
class JobRunrHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void healthIsDownWhileTheDatabaseDoesNotAnswerAndUpAgainWhenItDoes() throws Exception {
        String image = System.getenv().getOrDefault("BGTASKS_POSTGRES_IMAGE", "postgres:15");
        try (PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))) {
            postgres.start();
            try (ApplicationContext app = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
                "bgtasks.jobrunr.jdbc-url", postgres.getJdbcUrl(), "bgtasks.jobrunr.username", postgres.getUsername(),
                "bgtasks.jobrunr.password", postgres.getPassword(), "bgtasks.jobrunr.table-prefix", "health_",
                "bgtasks.jobrunr.poll-interval", JobRunrContract.POLL))) {
                BackendHealth health = app.getBean(BackendHealth.class);
                BackendHealth.Report up = await(health, BackendHealth.Report::up);
                assertEquals("running", up.details().get("worker"));
                assertEquals(0L, up.details().get("enqueued"));

                var docker = DockerClientFactory.instance().client();
                docker.pauseContainerCmd(postgres.getContainerId()).exec();
                try {
                    BackendHealth.Report down = await(health, r -> !r.up());
                    assertTrue(String.valueOf(down.details().get("reason")).startsWith("the job storage does not answer"),
                        down.toString());
                    assertFalse(down.toString().contains(postgres.getJdbcUrl()), "the report does not show the URL: " + down);
                } finally {
                    docker.unpauseContainerCmd(postgres.getContainerId()).exec();
                }
                BackendHealth.Report again = await(health, BackendHealth.Report::up);
                assertEquals("running", again.details().get("worker"), "the server survived the outage");
            }
        }
    }

    private static BackendHealth.Report await(BackendHealth health, Predicate<BackendHealth.Report> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        BackendHealth.Report report = health.check();
        while (!wanted.test(report)) {
            assertTrue(System.nanoTime() < deadline, "health stayed " + report);
            Thread.sleep(200);
            report = health.check();
        }
        return report;
    }
}
