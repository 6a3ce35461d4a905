package io.bgtasks.app.redis;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.bgtasks.app.support.RedisServer;
import io.bgtasks.app.support.TestTasks;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durable hand-off: a 2xx means stored (in one round trip), Redis down means 503, and ids are idempotent. */
class RedisHandOffTest {

    private static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @Test
    void aBatchIsStoredBeforeTheResponseAndRunsAfterIt() throws Exception {
        String prefix = RedisServer.freshPrefix();
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                 "bgtasks.redis.prefix", prefix, "bgtasks.worker.enabled", "false"));
             UnifiedJedis redis = RedisServer.client()) {
            Http http = new Http(web.getURI());
            String key = UUID.randomUUID().toString();
            Http.Timed r = http.post("/t/three", "key", key, "failSecond", "false");
            assertEquals(200, r.status());
            String batch = r.taskIds().get(0).substring(0, 36);
            // web only: nothing ran, but the whole batch is stored and queued
            assertEquals(List.of(batch), redis.lrange(prefix + ":wait", 0, -1));
            assertTrue(redis.hget(prefix + ":b:" + batch, "p").contains("TestTasks#record"));
            assertTrue(http.get("/tasks/" + r.taskIds().get(2)).response().body().contains("\"state\":\"QUEUED\""));
        }
    }

    @Test
    void aPasswordInTheUriIsUsed() throws Exception {
        try (GenericContainer<?> secured = new GenericContainer<>(RedisServer.image()).withExposedPorts(6379)
            .withCommand("redis-server", "--requirepass", "s3cret", "--protected-mode", "no")) {
            secured.start();
            String hostPort = secured.getHost() + ":" + secured.getMappedPort(6379);
            for (String uri : List.of("redis://:s3cret@" + hostPort, "redis://default:s3cret@" + hostPort + "/0")) {
                try (EmbeddedServer app = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", uri))) {
                    Http http = new Http(app.getURI());
                    String key = UUID.randomUUID().toString();
                    assertEquals(200, http.post("/t/record", "key", key, "label", "authenticated").status(), uri);
                    assertTrue(app.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));
                    assertEquals(List.of("authenticated"), app.getApplicationContext().getBean(Recorder.class).labels(key));
                }
            }
            try (EmbeddedServer wrong = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", "redis://:wrong@" + hostPort,
                "bgtasks.worker.enabled", "false"))) {
                Http.Timed r = new Http(wrong.getURI()).post("/t/record", "key", "x", "label", "x");
                assertEquals(503, r.status(), "a wrong password is an unavailable backend, not a stored task");
            }
        }
    }

    @Test
    void submitAllStoresOneBatchPerItemInOneCallAndEachRuns() throws Exception {
        String prefix = RedisServer.freshPrefix();
        String key = UUID.randomUUID().toString();
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
                 "bgtasks.redis.prefix", prefix, "bgtasks.worker.enabled", "false"));
             UnifiedJedis redis = RedisServer.client()) {
            TaskSubmitter submitter = web.getApplicationContext().getBean(TaskSubmitter.class);
            // tag::submit-all[]
            List<TaskHandle> handles = submitter.submitAll(List.of("a", "b", "c"), (label, t) -> t.addTask(TestTasks::record, key, label));
            // end::submit-all[]
            assertEquals(3, handles.size());
            // one batch per item, queued in item order
            assertEquals(handles.stream().map(TaskHandle::batchId).toList(), redis.lrange(prefix + ":wait", 0, -1));
        }
        try (ApplicationContext worker = ApplicationContext.run(Map.of("bgtasks.backend", "redis",
            "bgtasks.redis.uri", RedisServer.uri(), "bgtasks.redis.prefix", prefix), "test")) {
            assertTrue(worker.getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));
            Thread.sleep(300);
            assertEquals(List.of("a", "b", "c"), worker.getBean(Recorder.class).labels(key).stream().sorted().toList());
        }
    }

    @Test
    void unreachableRedisAnswers503AndRunsNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (EmbeddedServer web = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", "redis://127.0.0.1:" + closedPort,
            "bgtasks.worker.enabled", "false", "bgtasks.redis.timeout", "500ms"))) {
            Http http = new Http(web.getURI());
            Http.Timed r = http.post("/t/record", "key", "unreachable", "label", "x");
            assertEquals(503, r.status());
            assertTrue(r.response().body().contains("background tasks could not be queued"), r.response().body());
            assertTrue(r.response().headers().firstValue("Retry-After").isPresent());
            assertTrue(r.taskIds().isEmpty(), "no task id is announced for a batch that was not stored");
        }
    }

    @Test
    void submittingTheSameIdempotencyKeyTwiceRunsOnce() throws Exception {
        String prefix = RedisServer.freshPrefix();
        try (EmbeddedServer app = start(Map.of("bgtasks.backend", "redis", "bgtasks.redis.uri", RedisServer.uri(),
            "bgtasks.redis.prefix", prefix))) {
            TaskSubmitter submitter = app.getApplicationContext().getBean(TaskSubmitter.class);
            Recorder recorder = app.getApplicationContext().getBean(Recorder.class);
            String key = UUID.randomUUID().toString();
            List<TaskHandle> first = submitter.submit("order-42-" + key, t -> t.addTask(TestTasks::record, key, "once"));
            List<TaskHandle> again = submitter.submit("order-42-" + key, t -> t.addTask(TestTasks::record, key, "once"));
            assertEquals(first.get(0).id(), again.get(0).id(), "same key, same ids");
            assertTrue(app.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(30)));
            Thread.sleep(300);
            assertEquals(List.of("once"), recorder.labels(key));
        }
    }
}
