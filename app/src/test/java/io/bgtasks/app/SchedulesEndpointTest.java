package io.bgtasks.app;

import io.bgtasks.app.support.RecurringProbeTasks;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /tasks/schedules} lists the app's {@code @Recurring} schedule with its last and next firing. */
@MicronautTest
@Property(name = "bgtasks.test.recurring-dir", value = "target/schedules-endpoint")
class SchedulesEndpointTest {
    @Inject
    EmbeddedServer server;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theScheduleIsListedWithItsLastAndNextFiring() throws Exception {
        // the first tick fires within a second of the start; the listing shows it once it was recorded
        HttpResponse<String> listed = get("/tasks/schedules");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!listed.body().contains("lastFired") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            listed = get("/tasks/schedules");
        }
        assertEquals(200, listed.statusCode(), listed.body());
        String body = listed.body();
        assertTrue(body.contains("\"name\":\"" + RecurringProbeTasks.SCHEDULE + "\"") && body.contains("\"cron\":\"* * * * * *\"")
            && body.contains("\"zone\":\"UTC\"") && body.contains("\"missed\":\"RUN_ONCE\""), body);
        Instant last = instant(body, "lastFired");
        Instant next = instant(body, "nextFire");
        assertTrue(next.isAfter(last) && !next.isAfter(last.plusSeconds(2)), body);
        assertTrue(last.isAfter(Instant.now().minusSeconds(10)), "fired recently: " + body);

        // the literal path does not shadow the task status route
        assertEquals(404, get("/tasks/" + UUID.randomUUID() + ".0").statusCode());
    }

    private static Instant instant(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Instant.parse(m.group(1));
    }
}
