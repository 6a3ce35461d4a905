package io.bgtasks.app.redis;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.bgtasks.app.support.RedisTestKit.await;
import static io.bgtasks.app.support.RedisTestKit.probe;
import static io.bgtasks.app.support.RedisTestKit.webOnly;
import static io.bgtasks.app.support.RedisTestKit.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2xx means the tasks are stored: 200 tasks acknowledged over HTTP survive a restart of Redis (AOF, fsync
 * always; {@code docker stop} then {@code docker start} of the same container) and all run afterwards, each
 * once. While Redis is down a request that adds a task answers 503 and stores nothing. Once Redis answers
 * again, the same web process accepts every request at once, although its pooled connections died with the
 * old Redis process.
 */
class RedisRestartTest {
    private static final int TASKS = 200;
    private static final int CLIENTS = 8;
    private static final int AFTER = 10;

    @Test
    void acknowledgedTasksSurviveARedisRestart() throws Exception {
        int hostPort;
        try (ServerSocket free = new ServerSocket(0)) {
            hostPort = free.getLocalPort();
        }
        GenericContainer<?> container = new GenericContainer<>(RedisServer.image())
            .withExposedPorts(6379)
            .withCommand("redis-server", "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no");
        // a fixed host port: after a stop/start Docker picks a new random one, and getMappedPort() keeps the old
        container.setPortBindings(List.of(hostPort + ":6379"));
        container.start();
        try {
            String host = container.getHost();
            String uri = "redis://" + host + ":" + hostPort;
            String prefix = RedisServer.freshPrefix();
            String key = "restart-" + UUID.randomUUID();
            try (EmbeddedServer web = webOnly(uri, prefix)) {
                Http http = new Http(web.getURI());
                // several clients at once, so the web process holds several pooled connections when Redis goes away
                List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
                try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                    List<Future<?>> sent = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        int client = c;
                        sent.add(clients.submit(() -> {
                            for (int i = client; i < TASKS; i += CLIENTS) {
                                statuses.add(http.post("/probe/mark", "key", key, "label", "t" + i).status());
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : sent) {
                        f.get();
                    }
                }
                assertEquals(Collections.nCopies(TASKS, 202), statuses, "every task was acknowledged");
                try (Jedis redis = new Jedis(host, hostPort)) {
                    assertEquals(TASKS, redis.llen(prefix + ":wait"), "all queued, none run (no worker yet)");
                }

                long stopAt = System.nanoTime();
                container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
                long stopMillis = (System.nanoTime() - stopAt) / 1_000_000;

                Http.Timed down = http.post("/probe/mark", "key", key, "label", "while-down");
                assertEquals(503, down.status(), "Redis down: " + down.response().body());
                assertEquals("5", down.response().headers().firstValue("Retry-After").orElse(null));
                assertTrue(down.taskIds().isEmpty(), "no task ids for tasks that were not stored");

                long startAt = System.nanoTime();
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
                await(Duration.ofSeconds(60), () -> answersPing(host, hostPort), () -> "Redis did not come back on port " + hostPort);
                long startMillis = (System.nanoTime() - startAt) / 1_000_000;

                // a client made now: the connections of one made before the restart died with the old process
                try (UnifiedJedis redis = RedisClient.create(uri)) {
                    assertEquals(TASKS, redis.llen(prefix + ":wait"), "the queue survived the restart");

                    List<Integer> after = new ArrayList<>();
                    for (int i = 0; i < AFTER; i++) {
                        after.add(http.post("/probe/mark", "key", key, "label", "after-" + i).status());
                    }
                    System.out.println("restart: statuses of the first requests once Redis answers again: " + after);
                    assertEquals(Collections.nCopies(AFTER, 202), after, "Redis is back: every request is accepted");

                    long drainAt = System.nanoTime();
                    try (ApplicationContext ignored = worker(uri, prefix, "bgtasks.worker.concurrency", "8")) {
                        await(Duration.ofSeconds(60), () -> probe(redis, key).size() >= TASKS + AFTER,
                            () -> "only " + probe(redis, key).size() + " of " + (TASKS + AFTER) + " tasks ran");
                        long drainMillis = (System.nanoTime() - drainAt) / 1_000_000;
                        await(Duration.ofSeconds(30), () -> redis.llen(prefix + ":wait") + redis.zcard(prefix + ":active") == 0,
                            () -> "batches still queued or leased");
                        Thread.sleep(500); // a task that would run twice or late would show now

                        List<String> entries = probe(redis, key);
                        Set<String> labels = new HashSet<>();
                        for (String e : entries) {
                            labels.add(e.substring(0, e.indexOf('@')));
                        }
                        Set<String> expected = new HashSet<>();
                        for (int i = 0; i < TASKS; i++) {
                            expected.add("t" + i);
                        }
                        for (int i = 0; i < AFTER; i++) {
                            expected.add("after-" + i);
                        }
                        System.out.printf("restart: docker stop %d ms, docker start until PING %d ms; %d tasks drained in "
                            + "%d ms by a worker started after the restart%n", stopMillis, startMillis, entries.size(), drainMillis);
                        assertEquals(expected, labels, "every acknowledged task ran, and nothing else (not the one refused with 503)");
                        assertEquals(TASKS + AFTER, entries.size(), "each exactly once");
                        assertEquals(0, redis.zcard(prefix + ":dead"));
                    }
                }
            }
        } finally {
            container.stop();
        }
    }

    private static boolean answersPing(String host, int port) {
        try (Jedis jedis = new Jedis(host, port, 1_000)) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false; // refused, or LOADING while the AOF is read
        }
    }
}
