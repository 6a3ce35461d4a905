package io.bgtasks.app.metrics;

import io.bgtasks.BackgroundWork;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example app serves bgtasks's meters in Prometheus's text format: the task counters, timers and backlog gauges. */
@MicronautTest
class PrometheusMetricsTest {
    @Inject
    EmbeddedServer server;
    @Inject
    BackgroundWork work;

    @Test
    void aTaskThatRanIsCountedAtSlashMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(server.getURI().resolve(
            "/send-notification?email=" + UUID.randomUUID() + "@example.com")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
        String body = metrics.body();
        assertTrue(body.lines().anyMatch(l -> l.startsWith("bgtasks_tasks_total{") && l.contains("outcome=\"succeeded\"")
            && l.contains("task=\"io.bgtasks.app.NotificationTasks#notifyByLog\"") && !l.endsWith(" 0.0")), body);
        assertTrue(body.contains("bgtasks_task_duration_seconds_count{"), body);
        assertTrue(body.lines().anyMatch(l -> l.startsWith("bgtasks_backlog{") && l.contains("state=\"running\"")), body);
    }
}
