package io.bgtasks.app.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the Redis process-level tests share: contexts in the roles of a deployment (web only, worker only),
 * worker processes that are ready, the probe lists, task status as JSON, and waiting with a deadline.
 */
public final class RedisTestKit {
    private RedisTestKit() {
    }

    /** @return the properties of a Redis-backed application on this server and prefix, plus {@code extra} pairs */
    public static Map<String, Object> properties(String uri, String prefix, String... extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("bgtasks.backend", "redis");
        p.put("bgtasks.redis.uri", uri);
        p.put("bgtasks.redis.prefix", prefix);
        p.put("bgtasks.status-endpoint.enabled", "true");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    /** @return a running HTTP server that queues tasks but runs none ({@code bgtasks.worker.enabled=false}) */
    public static EmbeddedServer webOnly(String uri, String prefix, String... extra) {
        Map<String, Object> p = properties(uri, prefix, extra);
        p.put("bgtasks.worker.enabled", "false");
        return ApplicationContext.run(EmbeddedServer.class, p, "test");
    }

    /** @return a started context that runs tasks and serves no HTTP (its worker starts with the context) */
    public static ApplicationContext worker(String uri, String prefix, String... extra) {
        return ApplicationContext.run(properties(uri, prefix, extra), "test");
    }

    /** @return a worker JVM on this server and prefix, starting (see {@link #awaitReady}) */
    public static WorkerProcess workerProcess(String uri, String prefix, String... extra) throws IOException {
        Map<String, String> p = new HashMap<>();
        properties(uri, prefix, extra).forEach((k, v) -> p.put(k, v.toString()));
        return WorkerProcess.start(p);
    }

    /** Waits until the worker JVM has started fetching (its log says so); kills it if it does not. */
    public static void awaitReady(WorkerProcess process) throws InterruptedException {
        try {
            await(Duration.ofSeconds(90), () -> log(process).contains("redis worker ") && log(process).contains(" started:"),
                () -> "worker process " + process.pid() + " did not start; its log:\n" + log(process));
        } catch (AssertionError | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** @return a worker JVM that has started fetching */
    public static WorkerProcess readyWorkerProcess(String uri, String prefix, String... extra) throws Exception {
        WorkerProcess process = workerProcess(uri, prefix, extra);
        awaitReady(process);
        return process;
    }

    /** @return what the process wrote so far */
    public static String log(WorkerProcess process) {
        try {
            return Files.readString(process.log());
        } catch (IOException e) {
            return "(unreadable log: " + e + ")";
        }
    }

    /** @return the entries ({@code label@pid}) the probe tasks of {@code key} wrote, in order */
    public static List<String> probe(UnifiedJedis redis, String key) {
        return redis.lrange(ProbeTasks.list(key), 0, -1);
    }

    /** Polls {@code condition} every 20 ms; fails with {@code message} past the timeout. */
    public static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("after " + timeout.toMillis() + " ms: " + message.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** @return {@code GET /tasks/{id}} as a map (it must answer 200) */
    public static Map<String, Object> status(EmbeddedServer web, String taskId) throws Exception {
        Http.Timed r = new Http(web.getURI()).get("/tasks/" + taskId);
        assertEquals(200, r.status(), "GET /tasks/" + taskId + ": " + r.response().body());
        return web.getApplicationContext().getBean(JsonMapper.class)
            .readValue(r.response().body(), Argument.mapOf(String.class, Object.class));
    }

    /** @return the batch id of a task id ({@code <batchId>.<index>}) */
    public static String batchOf(String taskId) {
        return taskId.substring(0, taskId.lastIndexOf('.'));
    }
}
