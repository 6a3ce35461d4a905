package io.bgtasks.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.contract.ContractTasks;
import io.bgtasks.contract.Journal;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis sink's hand-off: {@code submitAll} stores one batch per item, queued in item order, and each runs; a
 * password in the URI is used, and a wrong one makes the backend unavailable (which the HTTP hand-off answers with
 * 503, tested in {@code app}) rather than losing the batch. That the same idempotency key runs once is the contract's
 * ({@code theSameIdempotencyKeyRunsOnce}).
 */
class RedisTaskSinkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void submitAllStoresOneBatchPerItemInOneCallAndEachRuns() throws Exception {
        String prefix = TestRedis.freshPrefix("bulk");
        String key = "bulk-" + UUID.randomUUID();
        try (TestRedis server = TestRedis.start();
             UnifiedJedis redis = RedisClient.create(server.uri())) {
            try (ApplicationContext web = RedisApps.submitterOnly(server.uri(), prefix)) {
                TaskSubmitter submitter = web.getBean(TaskSubmitter.class);
                // tag::submit-all[]
                List<TaskHandle> handles = submitter.submitAll(List.of("a", "b", "c"), (label, t) -> t.addTask(ContractTasks::record, key, label));
                // end::submit-all[]
                assertEquals(3, handles.size());
                // one batch per item, queued in item order
                assertEquals(handles.stream().map(TaskHandle::batchId).toList(),
                    redis.lrange(web.getBean(RedisKeys.class).wait, 0, -1));
            }
            try (ApplicationContext worker = RedisApps.worker(server.uri(), prefix)) {
                Journal.await(key, WAIT, l -> l.size() >= 3);
                assertTrue(worker.getBean(BackgroundWork.class).awaitIdle(WAIT));
                Thread.sleep(300); // a batch that ran twice would show now
                assertEquals(List.of("a", "b", "c"), Journal.labels(key).stream().sorted().toList());
            }
        }
    }

    @Test
    void aPasswordInTheUriIsUsed() throws Exception {
        try (GenericContainer<?> secured = new GenericContainer<>(TestRedis.image()).withExposedPorts(6379)
            .withCommand("redis-server", "--requirepass", "s3cret", "--protected-mode", "no")) {
            secured.start();
            String hostPort = secured.getHost() + ":" + secured.getMappedPort(6379);
            for (String uri : List.of("redis://:s3cret@" + hostPort, "redis://default:s3cret@" + hostPort + "/0")) {
                // no prefix given: the default one, on a server of this test's own
                try (ApplicationContext app = ApplicationContext.run(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri))) {
                    String key = "auth-" + UUID.randomUUID();
                    app.getBean(TaskSubmitter.class).submit(t -> t.addTask(ContractTasks::record, key, "authenticated"));
                    assertTrue(app.getBean(BackgroundWork.class).awaitIdle(WAIT), uri);
                    assertEquals(List.of("authenticated"), Journal.labels(key), uri);
                }
            }
            try (ApplicationContext wrong = ApplicationContext.run(Map.of("bgtasks.backend", "redis",
                "bgtasks.redis.uri", "redis://:wrong@" + hostPort, "bgtasks.worker.enabled", "false"))) {
                TaskSubmitter submitter = wrong.getBean(TaskSubmitter.class);
                assertThrows(TaskSinkUnavailableException.class,
                    () -> submitter.submit(t -> t.addTask(ContractTasks::record, "x", "x")),
                    "a wrong password is an unavailable backend, not a stored task");
            }
        }
    }
}
