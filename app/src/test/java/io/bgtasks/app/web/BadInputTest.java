package io.bgtasks.app.web;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad HTTP input to the example app gets a 4xx with a clear message, over a real socket: no file outside the images
 * folder is served, nothing of the database (SQL, table or driver names) is echoed, and an invalid request stores
 * nothing and queues no task.
 */
@MicronautTest
class BadInputTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
            : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoInternals(HttpResponse<String> response) {
        String body = response.body().toLowerCase(java.util.Locale.ROOT);
        for (String internal : new String[] {"sql", "org.h2", "insert into", "jdbc", "exception", "at io."}) {
            assertFalse(body.contains(internal), "the answer echoes internals (" + internal + "): " + response.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2Fsecret", "..%2F..%2Ftarget%2Fsecret", "%2E%2E%2Fsecret", "..%5Csecret", "abc%00def",
        "not-a-uuid"})
    void anImageIdThatIsNotAUuidNeverReachesTheFileSystem(String id) throws Exception {
        // a file just outside the images folder (target/test-images) that a traversal would serve
        Path secret = Path.of("target", "secret-thumb.png");
        Files.writeString(secret, "SECRET-CONTENT");
        for (String path : new String[] {"/images/" + id + "/thumbnail", "/images/" + id}) {
            HttpResponse<String> response = send("GET", path, null);
            assertTrue(response.statusCode() == 400 || response.statusCode() == 404, path + " answered " + response.statusCode());
            assertFalse(response.body().contains("SECRET-CONTENT"), path + " served a file outside the images folder");
            assertNoInternals(response);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"email\":\"\",\"name\":\"Ada\"}",
        "{\"email\":\"not-an-address\",\"name\":\"Ada\"}",
        "{\"name\":\"Ada\"}",
        "{\"email\":\"ada@example.com\",\"name\":\"\"}",
        "{\"email\":\"ada@example.com\",\"name\":\"Ada\\u0000Lovelace\"}",
        "{\"email\":\"ada@example.com\",\"name\":\"NAME_TOO_LONG\"}",
        "{\"email\":\"EMAIL_TOO_LONG@example.com\",\"name\":\"Ada\"}"})
    void aBadRegistrationIsRefusedWith400(String template) throws Exception {
        String body = template.replace("NAME_TOO_LONG", "n".repeat(201)).replace("EMAIL_TOO_LONG", "e".repeat(320));
        HttpResponse<String> response = send("POST", "/register", body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("X-Task-Ids").isEmpty(), "no task was queued");
        assertNoInternals(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"email\":\"\",\"items\":[{\"sku\":\"MUG-1\",\"qty\":1}]}",
        "{\"email\":\"bob@example.com\",\"items\":[]}",
        "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"MUG-1\",\"qty\":0}]}",
        "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"SKU_TOO_LONG\",\"qty\":1}]}",
        "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"MUG\\u00001\",\"qty\":1}]}",
        "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"MUG-1\",\"qty\":1},{\"sku\":\"MUG-1\",\"qty\":2}]}",
        "{\"email\":\"bob@example.com\",\"items\":[null]}"})
    void aBadOrderIsRefusedWith400(String template) throws Exception {
        HttpResponse<String> response = send("POST", "/order-checkout", template.replace("SKU_TOO_LONG", "s".repeat(65)));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("X-Task-Ids").isEmpty(), "no task was queued");
        assertNoInternals(response);
    }

    @Test
    void aDuplicateSkuSaysWhatToDo() throws Exception {
        HttpResponse<String> response = send("POST", "/order-checkout",
            "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"MUG-1\",\"qty\":1},{\"sku\":\"MUG-1\",\"qty\":2}]}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("MUG-1 appears twice"), response.body());
    }

    @Test
    void aGoodOrderStillGoesThrough() throws Exception {
        HttpResponse<String> response = send("POST", "/order-checkout",
            "{\"email\":\"bob@example.com\",\"items\":[{\"sku\":\"PEN-1\",\"qty\":1}]}");
        assertEquals(201, response.statusCode(), response.body());
    }
}
