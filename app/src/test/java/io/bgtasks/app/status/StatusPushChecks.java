package io.bgtasks.app.status;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream of a task on a backend that pushes status changes: with the poll and fallback intervals set to
 * 20 s, a stream opened while a 1.5 s task runs still ends with SUCCEEDED within seconds, because the backend told it
 * when the task finished. (Polling alone would end it no sooner than 20 s after it opened.)
 */
abstract class StatusPushChecks {
    static final String SLOW = "20s";

    @Inject
    EmbeddedServer server;

    @Test
    void theFinalStateArrivesWhenItIsRecordedNotAtTheNextPoll() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(server.getURI().resolve("/t/sleep?key="
            + UUID.randomUUID() + "&millis=1500")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, added.statusCode(), added.body());
        String taskId = added.headers().firstValue("X-Task-Ids").orElseThrow();
        long opened = System.nanoTime();
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(server.getURI().resolve("/tasks/" + taskId + "/events"))
            .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long took = (System.nanoTime() - opened) / 1_000_000;
        assertEquals(200, stream.statusCode());
        assertTrue(stream.body().contains("\"state\":\"SUCCEEDED\""), stream.body());
        assertTrue(took < 10_000, "the stream ended " + took + " ms after it opened, polling every " + SLOW + ": "
            + stream.body());
    }
}
