package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.spi.BackendHealth;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend's health follows its Redis: up with the queue's figures while Redis answers, down while the Redis
 * container is paused (unreachable: every command times out), up again once it answers, with no restart of the
 * worker. Uses a container of its own, since it pauses it.
 */
class RedisHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void healthIsDownWhileRedisDoesNotAnswerAndUpAgainWhenItDoes() throws Exception {
        try (GenericContainer<?> server = new GenericContainer<>(TestRedis.image()).withExposedPorts(6379)) {
            server.start();
            String uri = "redis://" + server.getHost() + ":" + server.getMappedPort(6379);
            try (ApplicationContext app = ApplicationContext.run(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri,
                "bgtasks.redis.prefix", TestRedis.freshPrefix("health"), "bgtasks.redis.timeout", "500ms"))) {
                BackendHealth health = app.getBean(BackendHealth.class);
                BackendHealth.Report up = health.check();
                assertTrue(up.up(), "up: " + up);
                assertEquals("fetching", up.details().get("worker"));
                assertEquals(0L, up.details().get("queued"));

                var docker = DockerClientFactory.instance().client();
                docker.pauseContainerCmd(server.getContainerId()).exec();
                try {
                    BackendHealth.Report down = await(health, r -> !r.up());
                    assertFalse(down.up());
                    assertTrue(String.valueOf(down.details().get("reason")).startsWith("Redis does not answer"), down.toString());
                    assertFalse(down.toString().contains(server.getHost() + ":" + server.getMappedPort(6379)),
                        "the report does not show the address: " + down);
                } finally {
                    docker.unpauseContainerCmd(server.getContainerId()).exec();
                }
                BackendHealth.Report again = await(health, BackendHealth.Report::up);
                assertEquals("fetching", again.details().get("worker"), "the worker survived the outage");

                // and it works: a task submitted now runs
                String key = "health-" + UUID.randomUUID();
                app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, key, "after"));
                assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT));
                assertEquals(List.of("after"), Journal.labels(key));
            }
        }
    }

    private static BackendHealth.Report await(BackendHealth health, Predicate<BackendHealth.Report> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        BackendHealth.Report report = health.check();
        while (!wanted.test(report)) {
            assertTrue(System.nanoTime() < deadline, "health stayed " + report);
            Thread.sleep(100);
            report = health.check();
        }
        return report;
    }
}
