package io.bgtasks.app.web;

import io.bgtasks.app.support.Http;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /bgtasks/health} over real HTTP: off unless enabled; enabled, 200 with the backend's figures while it can
 * take work. (The DOWN side is the backend's: RedisHealthTest pauses a real Redis.)
 */
class HealthEndpointTest {
    private static EmbeddedServer server(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("micronaut.server.port", -1);
        all.put("bgtasks-app.smtp.port", 0);
        return ApplicationContext.run(EmbeddedServer.class, all);
    }

    @Test
    void answersOnlyWhenEnabledAndThenSaysUpWithTheBackendsFigures() throws Exception {
        try (EmbeddedServer off = server(Map.of())) {
            assertEquals(404, new Http(off.getURI()).get("/bgtasks/health").status(), "off by default");
        }
        try (EmbeddedServer on = server(Map.of("bgtasks.health-endpoint.enabled", "true"))) {
            Http.Timed health = new Http(on.getURI()).get("/bgtasks/health");
            assertEquals(200, health.status(), health.response().body());
            String body = health.response().body();
            assertTrue(body.contains("\"status\":\"UP\"") && body.contains("\"backend\":\"inmemory\"")
                && body.contains("\"waitingForSlot\":0"), body);
        }
    }
}
