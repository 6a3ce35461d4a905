package io.bgtasks.app;

import io.bgtasks.app.support.Recorder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks start when the response has been written to the socket, not when the handler returns: with a body
 * far larger than the socket buffers and a client that waits before reading, the task cannot start until
 * the client has drained most of it.
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

            long readStart = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            assertTrue(total > (long) megabytes * 1024 * 1024, "read the whole response: " + total + " bytes");
            List<Recorder.Event> events = recorder.await(key, 1, Duration.ofSeconds(10));
            assertEquals(1, events.size());
            assertTrue(events.get(0).nanos() > readStart, "the task started after the client began to read");
        }
    }
}
