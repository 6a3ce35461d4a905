package io.bgtasks.dashboard;

import io.bgtasks.TaskSubmitter;
import io.bgtasks.BackgroundWork;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's API on the in-memory backend (no dead letters there), its absence unless enabled, a bad request,
 * and the start-up check of half-given credentials.
 */
class DashboardInMemoryTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.getHost() + ":" + server.getPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersOnTheInMemoryBackend() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
            // no credentials: served in full, but only to this machine
            Map.of("micronaut.server.port", "-1", "micronaut.server.host", "127.0.0.1", "bgtasks.dashboard.enabled", "true"))) {
            TaskSubmitter submitter = server.getApplicationContext().getBean(TaskSubmitter.class);
            String id = submitter.submit(t -> {
                t.addTask(DashboardTasks::ok, "one");
                t.addTask(DashboardTasks::broken, "two");
            }).get(1).id();
            assertTrue(server.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(10)));

            String overview = get(server, "/bgtasks/dashboard/api/overview").body();
            assertTrue(overview.contains("\"backend\":\"inmemory\"") && overview.contains("\"status\":\"UP\"")
                && overview.contains("\"deadLetters\":false"), overview);
            assertTrue(overview.contains("\"succeeded\":1") && overview.contains("\"failed\":1"), "this process's counts: " + overview);

            String task = get(server, "/bgtasks/dashboard/api/tasks/" + id).body();
            assertTrue(task.contains("\"state\":\"FAILED\"") && task.contains("broken on purpose: two")
                && task.contains("\"state\":\"SUCCEEDED\""), task);

            HttpResponse<String> dead = get(server, "/bgtasks/dashboard/api/dead-letters");
            assertEquals(404, dead.statusCode());
            assertTrue(dead.body().contains("keeps no dead letters"), dead.body());
            assertEquals(400, get(server, "/bgtasks/dashboard/api/dead-letters?limit=100000").statusCode());

            // the finished batch, failed, in the recent tasks; a bad cursor or outcome is the client's 400, never 500
            String failed = get(server, "/bgtasks/dashboard/api/finished?outcome=failed").body();
            assertTrue(failed.contains("\"listable\":true") && failed.contains("\"failedTaskId\":\"" + id + "\"")
                && failed.contains("\"next\":null"), failed);
            assertTrue(get(server, "/bgtasks/dashboard/api/finished?outcome=succeeded").body().contains("\"items\":[]"));
            HttpResponse<String> badCursor = get(server, "/bgtasks/dashboard/api/finished?after=%3Cscript%3E");
            assertEquals(400, badCursor.statusCode(), badCursor.body());
            assertTrue(badCursor.body().contains("the 'after' cursor is not one this listing gave out")
                && !badCursor.body().contains("script"), badCursor.body());
            assertEquals(400, get(server, "/bgtasks/dashboard/api/finished?outcome=lost").statusCode());
            HttpResponse<String> page = get(server, "/bgtasks/dashboard");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("const BASE = \"/bgtasks/dashboard\""), "the page knows where its API is");
        }
    }

    @Test
    void withoutEnablingItThereIsNoDashboard() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", "-1"))) {
            for (String path : List.of("/bgtasks/dashboard", "/bgtasks/dashboard/api/overview")) {
                assertEquals(404, get(server, path).statusCode(), path);
            }
        }
    }

    @Test
    void aUserNameWithoutAPasswordStopsTheStartUp() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(EmbeddedServer.class,
            Map.of("micronaut.server.port", "-1", "bgtasks.dashboard.enabled", "true", "bgtasks.auth.username", "ops")).close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        assertTrue(all.toString().contains("bgtasks.auth.password is not"), all.toString());
    }
}
