package io.bgtasks.app;

import io.bgtasks.app.support.Recorder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks start when the response has been written to the socket, not when the handler returns: with a body
 * far larger than the socket buffers and a client that waits before reading, the task cannot start until
 * the client has drained most of it. Meanwhile the task's status is already known (queued): the client
 * holds its id from the response head.
 */
@MicronautTest
class AfterResponseWrittenTest {
    @Inject
    EmbeddedServer server;
    @Inject
    Recorder recorder;

    @Test
    void aTaskWaitsUntilALargeResponseHasBeenHandedToTheKernel() throws Exception {
        String key = UUID.randomUUID().toString();
        int megabytes = 64;
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setReceiveBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /t/big?key=" + key + "&megabytes=" + megabytes + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // the handler has long returned; the server is stuck writing a body nobody reads
            List<Recorder.Event> early = recorder.await(key, 1, Duration.ofMillis(1500));
            assertEquals(List.of(), early, "the task must not start while the response is still being written");

            // the client already holds the task's id: its status must be known before the batch is handed off
            InputStream in = socket.getInputStream();
            String taskId = taskIdHeader(in);
            HttpResponse<String> status = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.getURI().resolve("/tasks/" + taskId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"state\":\"QUEUED\""), status.body());

            long readStart = System.nanoTime();
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            assertEquals((long) megabytes * 1024 * 1024, total, "read the whole body");
            List<Recorder.Event> events = recorder.await(key, 1, Duration.ofSeconds(10));
            assertEquals(1, events.size());
            assertTrue(events.get(0).nanos() > readStart, "the task started after the client began to read");
        }
    }

    /** Reads the response head byte by byte (the body stays unread) and returns the one task id it names. */
    private static String taskIdHeader(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "the response head ended early: " + head);
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-task-ids:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("no X-Task-Ids header in " + head);
    }
}
