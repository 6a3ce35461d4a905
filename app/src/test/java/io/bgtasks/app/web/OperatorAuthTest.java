package io.bgtasks.app.web;

import io.bgtasks.BackgroundWork;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.app.support.TestTasks;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's credentials ({@code bgtasks.auth.*}) in front of the status, schedule, dead-letter, health and
 * dashboard endpoints of the whole example application, over real HTTP; and the start-up refusal of a server that
 * other machines can reach with those endpoints open.
 */
class OperatorAuthTest {
    private static final String OPERATOR = basic("ops", "s3cret");
    private final HttpClient http = HttpClient.newHttpClient();

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static EmbeddedServer server(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("micronaut.server.port", -1);
        all.put("bgtasks-app.smtp.port", 0);
        all.put("bgtasks.health-endpoint.enabled", true);
        return ApplicationContext.run(EmbeddedServer.class, all);
    }

    private HttpResponse<String> get(EmbeddedServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server.getHost() + ":" + server.getPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A task that failed for good, with its error text. */
    private static String failedTask(EmbeddedServer server) throws InterruptedException {
        TaskHandle handle = server.getApplicationContext().getBean(TaskSubmitter.class)
            .submit(t -> t.addTask(TestTasks::rejects, "auth-" + UUID.randomUUID())).getFirst();
        assertTrue(server.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(Duration.ofSeconds(10)));
        return handle.id();
    }

    @Test
    void withCredentialsAnonymousCallersSeeATasksStateAndTheHealthAndNothingElse() throws Exception {
        try (EmbeddedServer server = server(Map.of("bgtasks.auth.username", "ops", "bgtasks.auth.password", "s3cret"))) {
            String id = failedTask(server);

            HttpResponse<String> anonymous = get(server, "/tasks/" + id, null);
            assertEquals(200, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.body().contains("\"state\":\"FAILED\""), anonymous.body());
            assertFalse(anonymous.body().contains("not retryable"), "the error text is the operator's: " + anonymous.body());
            HttpResponse<String> operator = get(server, "/tasks/" + id, OPERATOR);
            assertTrue(operator.body().contains("\"lastError\":\"java.lang.IllegalArgumentException: not retryable\"")
                || operator.body().contains("not retryable"), operator.body());

            HttpResponse<String> stream = get(server, "/tasks/" + id + "/events", null);
            assertTrue(stream.body().contains("FAILED") && !stream.body().contains("not retryable"), stream.body());

            HttpResponse<String> health = get(server, "/bgtasks/health", null);
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"UP\"}", health.body(), "only UP or DOWN without credentials");
            assertTrue(get(server, "/bgtasks/health", OPERATOR).body().contains("\"backend\":\"inmemory\""));

            for (String path : new String[] {"/tasks/schedules", "/dead-letters", "/bgtasks/dashboard",
                "/bgtasks/dashboard/api/overview", "/bgtasks/dashboard/api/tasks/" + id}) {
                HttpResponse<String> refused = get(server, path, null);
                assertEquals(401, refused.statusCode(), path);
                assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
                assertEquals(401, get(server, path, basic("ops", "guess")).statusCode(), path + " with a wrong password");
            }
            assertEquals(200, get(server, "/tasks/schedules", OPERATOR).statusCode());
            assertEquals(200, get(server, "/bgtasks/dashboard/api/overview", OPERATOR).statusCode());
            assertEquals(401, get(server, "/tasks/" + id, basic("ops", "guess")).statusCode(), "a wrong password is told");

            // spellings of an operator's path that start like a task's status must not slip through as one
            for (String path : new String[] {"/tasks/../dead-letters", "/tasks/%2e%2e/dead-letters", "/tasks/..%2fdead-letters",
                "/tasks//schedules", "/tasks/schedules/", "/tasks/./schedules", "/tasks/%73chedules", "/tasks/schedules;x",
                "/tasks/../bgtasks/dashboard/api/overview", "/tasks/%2e%2e/bgtasks/dashboard/api/overview", "/bgtasks/health/",
                "/tasks/" + id + "/events/", "/tasks/" + id + "/../../dead-letters"}) {
                HttpResponse<String> sly = get(server, path, null);
                assertTrue(sly.statusCode() >= 400, path + " answered " + sly.statusCode() + ": " + sly.body());
            }
        }
    }

    @Test
    void aStatusEndpointThatIsNotAnonymousAsksForTheCredentialsToo() throws Exception {
        try (EmbeddedServer server = server(Map.of("bgtasks.auth.username", "ops", "bgtasks.auth.password", "s3cret",
            "bgtasks.status-endpoint.anonymous", false))) {
            String id = failedTask(server);
            assertEquals(401, get(server, "/tasks/" + id, null).statusCode());
            assertEquals(200, get(server, "/tasks/" + id, OPERATOR).statusCode());
        }
    }

    @Test
    void withoutCredentialsALoopbackServerAnswersInFull() throws Exception {
        try (EmbeddedServer server = server(Map.of("micronaut.server.host", "127.0.0.1"))) {
            String id = failedTask(server);
            assertTrue(get(server, "/tasks/" + id, null).body().contains("not retryable"));
            assertEquals(200, get(server, "/tasks/schedules", null).statusCode());
            assertEquals(200, get(server, "/bgtasks/dashboard/api/overview", null).statusCode());
            assertTrue(get(server, "/bgtasks/health", null).body().contains("\"backend\":\"inmemory\""));
        }
    }

    @Test
    void aServerOthersCanReachDoesNotStartWithTheDeadLettersOrTheDashboardOpen() {
        for (String host : new String[] {"0.0.0.0", ""}) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> server(Map.of("micronaut.server.host", host)).close());
            String message = causes(refused);
            assertTrue(message.contains("bgtasks.dead-letters-endpoint, bgtasks.dashboard would be open to anyone")
                && message.contains("bgtasks.auth.username") && message.contains("micronaut.server.host"), message);
        }
    }

    @Test
    void aServerOthersCanReachServesAnonymousStatesWithTheOperatorEndpointsOff() throws Exception {
        try (EmbeddedServer server = server(Map.of("micronaut.server.host", "0.0.0.0",
            "bgtasks.dead-letters-endpoint.enabled", false, "bgtasks.dashboard.enabled", false))) {
            String id = failedTask(server);
            HttpResponse<String> status = get(server, "/tasks/" + id, null);
            assertTrue(status.body().contains("FAILED") && !status.body().contains("not retryable"), status.body());
            HttpResponse<String> schedules = get(server, "/tasks/schedules", null);
            assertEquals(401, schedules.statusCode());
            assertTrue(schedules.body().contains("set bgtasks.auth.username and bgtasks.auth.password"), schedules.body());
        }
    }

    @Test
    void whenTheApplicationsOwnSecurityGuardsThePathsBgtasksStepsAside() throws Exception {
        try (EmbeddedServer server = server(Map.of("micronaut.server.host", "0.0.0.0", "bgtasks.auth.enabled", false))) {
            String id = failedTask(server);
            assertTrue(get(server, "/tasks/" + id, null).body().contains("not retryable"));
            assertEquals(200, get(server, "/bgtasks/dashboard/api/overview", null).statusCode());
        }
    }

    @Test
    void halfGivenCredentialsStopTheStartUp() {
        String message = causes(assertThrows(RuntimeException.class,
            () -> server(Map.of("bgtasks.auth.password", "s3cret")).close()));
        assertTrue(message.contains("bgtasks.auth.password is set but bgtasks.auth.username is not"), message);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
