package io.bgtasks.app;

import io.bgtasks.BackgroundWork;
import io.bgtasks.app.support.Http;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example app's endpoints, FastAPI's first background-task examples. */
@MicronautTest
class ExampleAppTest {
    @Inject
    EmbeddedServer server;
    @Inject
    BackgroundWork work;

    @Test
    void sendNotificationWritesTheLogFileInTheBackground() throws Exception {
        Http http = new Http(server.getURI());
        String email = UUID.randomUUID() + "@example.com";
        Http.Timed r = http.post("/send-notification", "email", email);
        assertEquals(202, r.status());
        String id = r.taskIds().get(0);
        assertTrue(r.response().body().contains(id), "the body lists the task id too: " + r.response().body());
        Http.Timed msg = http.post("/send", "msg", "hello " + email);
        assertEquals(202, msg.status());
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));
        String log = Files.readString(Path.of("target/test-log.txt"));
        assertTrue(log.contains("Notified: " + email + System.lineSeparator()), log);
        assertTrue(log.contains("hello " + email), log);
        assertTrue(http.get("/tasks/" + id).response().body().contains("\"state\":\"SUCCEEDED\""));
    }

    @Test
    void anUnknownBackendFailsStartupWithAClearMessage() {
        Exception e = assertThrows(Exception.class,
            () -> ApplicationContext.run(Map.of("bgtasks.backend", "rabbit"), "test").close());
        Throwable cause = e;
        while (cause != null && !(cause instanceof ConfigurationException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().contains("bgtasks.backend=rabbit but no backend module provides it"),
            "got: " + e);
    }
}
