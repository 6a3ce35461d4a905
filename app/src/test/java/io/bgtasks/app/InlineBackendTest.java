package io.bgtasks.app;

import io.bgtasks.app.support.Http;
import io.bgtasks.app.support.Recorder;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bgtasks.backend=inline}: tasks run before the response, so a test can assert right after the call. */
@MicronautTest
@Property(name = "bgtasks.backend", value = "inline")
class InlineBackendTest {
    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;

    @Test
    void tasksHaveRunWhenTheResponseArrives() throws Exception {
        Http http = new Http(server.getURI());
        String key = UUID.randomUUID().toString();
        Http.Timed r = http.post("/t/sleep", "key", key, "millis", "300");
        assertEquals(200, r.status());
        assertEquals(List.of("slept:start", "slept"), recorder.labels(key), "no waiting needed");
        assertTrue(r.millis() >= 300, "the response waited for the task: " + r.millis() + " ms");
    }

    @Test
    void orderAndSkipAfterFailureHoldInline() throws Exception {
        Http http = new Http(server.getURI());
        String key = UUID.randomUUID().toString();
        assertEquals(200, http.post("/t/three", "key", key, "failSecond", "true").status());
        assertEquals(List.of("first", "second:failing"), recorder.labels(key));
    }
}
