package io.bgtasks.jobrunr;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JobRunr's dashboard: off by default; on its own port with basic auth when enabled. */
@Execution(ExecutionMode.CONCURRENT)
class JobRunrDashboardTest {

    @Test
    void theDashboardIsOffByDefault() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(), "bgtasks.worker.enabled", "false"))) {
            assertFalse(context.containsBean(JobRunrDashboard.class));
        }
    }

    @Test
    void whenEnabledItServesOnItsPortBehindBasicAuth() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("bgtasks.backend", "jobrunr",
            "bgtasks.jobrunr.h2-path", TestH2.freshPath(), "bgtasks.worker.enabled", "false",
            "bgtasks.jobrunr.dashboard.enabled", "true", "bgtasks.jobrunr.dashboard.port", Integer.toString(port),
            "bgtasks.jobrunr.dashboard.username", "admin", "bgtasks.jobrunr.dashboard.password", "s3cret"))) {
            assertTrue(context.containsBean(JobRunrDashboard.class));
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/dashboard/");
            assertEquals(401, client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            String auth = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("JobRunr"), page.body());
        }
    }
}
