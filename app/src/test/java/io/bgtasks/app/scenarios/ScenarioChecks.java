package io.bgtasks.app.scenarios;

import io.bgtasks.BackgroundWork;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example app's scenarios end to end over real HTTP, real SMTP (the embedded server) and a real database.
 * Each backend's test class extends this with its configuration: the application code is the same.
 */
public abstract class ScenarioChecks {
    private static final Pattern TASK_IDS = Pattern.compile("\"taskIds\":\\[([^]]*)]");

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected BackgroundWork work;
    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static List<String> taskIds(String body) {
        Matcher m = TASK_IDS.matcher(body);
        List<String> ids = new ArrayList<>();
        if (m.find()) {
            for (String quoted : m.group(1).split(",")) {
                ids.add(quoted.replace("\"", "").trim());
            }
        }
        return ids;
    }

    protected void awaitIdle() throws InterruptedException {
        assertTrue(work.awaitIdle(Duration.ofSeconds(60)), "background work finished");
    }

    protected void assertSucceeded(String taskId) throws Exception {
        String status = get("/tasks/" + taskId).body();
        assertTrue(status.contains("\"state\":\"SUCCEEDED\""), taskId + ": " + status);
    }

    @BeforeEach
    void reset() {
        // nothing shared between tests but the database; every test uses fresh emails and ids
    }

    @Test
    void registerStoresTheUserAnswers201AndMailsInTheBackground() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> r = post("/register", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}");
        assertEquals(201, r.statusCode(), r.body());
        List<String> ids = taskIds(r.body());
        assertEquals(1, ids.size());
        assertEquals(ids.get(0), r.headers().firstValue("X-Task-Ids").orElse(""), "header and body agree");
        awaitIdle();
        assertSucceeded(ids.get(0));
        String outbox = get("/outbox").body();
        assertTrue(outbox.contains(email) && outbox.contains("Welcome, Ada!"), outbox);
        assertEquals(409, post("/register", "{\"email\":\"" + email + "\",\"name\":\"Ada\"}").statusCode(), "stored for real");
    }

    @Test
    void checkoutRunsConfirmationWarehouseAndInventoryInOrder() throws Exception {
        String email = "bob-" + UUID.randomUUID() + "@example.com";
        int before = stock("MUG-1");
        HttpResponse<String> r = post("/order-checkout", "{\"email\":\"" + email + "\",\"items\":[{\"sku\":\"MUG-1\",\"qty\":2}]}");
        assertEquals(201, r.statusCode(), r.body());
        List<String> ids = taskIds(r.body());
        assertEquals(3, ids.size());
        awaitIdle();
        for (String id : ids) {
            assertSucceeded(id);
        }
        String orderId = r.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
        assertTrue(get("/outbox").body().contains("Order " + orderId + " confirmed"));
        assertTrue(get("/warehouse/notifications").body().contains(orderId));
        assertEquals(before - 2, stock("MUG-1"), "inventory updated once");
        // the three steps ran in order: each started after the previous finished
        String first = get("/tasks/" + ids.get(0)).body();
        String third = get("/tasks/" + ids.get(2)).body();
        // as instants: ISO text drops zero millis ("...:14Z"), which sorts after "...:14.059Z"
        assertTrue(!java.time.Instant.parse(field(first, "finishedAt")).isAfter(java.time.Instant.parse(field(third, "startedAt"))),
            first + " / " + third);
    }

    @Test
    void anUploadedImageGetsAThumbnailInTheBackground() throws Exception {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        String boundary = "bgtasks" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(png.toByteArray());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.getURI().resolve("/upload-image"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        String imageId = r.body().replaceAll(".*\"imageId\":\"([^\"]+)\".*", "$1");
        List<String> ids = taskIds(r.body());
        awaitIdle();
        assertSucceeded(ids.get(0));
        assertTrue(get("/images/" + imageId).body().contains("\"thumbnailReady\":true"));
        HttpResponse<byte[]> thumb = http.send(HttpRequest.newBuilder(server.getURI().resolve("/images/" + imageId + "/thumbnail"))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, thumb.statusCode());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertEquals(160, small.getWidth());
        assertEquals(120, small.getHeight());
    }

    @Test
    void taskStateIsPushedOverServerSentEvents() throws Exception {
        String email = "sse-" + UUID.randomUUID() + "@example.com";
        String id = taskIds(post("/register", "{\"email\":\"" + email + "\",\"name\":\"Sse\"}").body()).get(0);
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(server.getURI().resolve("/tasks/" + id + "/events"))
            .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.body().contains("event: status"), stream.body());
        assertTrue(stream.body().trim().endsWith("}") && stream.body().contains("\"state\":\"SUCCEEDED\""),
            "the stream ends with the final state: " + stream.body());
        HttpResponse<String> unknown = get("/tasks/" + UUID.randomUUID() + ".0/events");
        assertTrue(unknown.body().contains("event: not-found"), unknown.body());
    }

    private int stock(String sku) throws Exception {
        String inventory = get("/inventory").body();
        return Integer.parseInt(inventory.replaceAll(".*\"" + sku + "\":(-?\\d+).*", "$1"));
    }

    private static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }
}
