package io.bgtasks.app.tracing;

import io.bgtasks.BackgroundWork;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request that arrives in a trace (a {@code traceparent} header from its caller) queues a task whose span continues
 * that trace, under the request's server span: over a real HTTP server and client, on the app's backend.
 */
@MicronautTest
@Property(name = TracingSetup.ENABLED, value = "true")
class RequestTraceTest {
    private static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("bgtasks.task.id");

    @Inject
    EmbeddedServer server;
    @Inject
    BackgroundWork work;
    @Inject
    InMemorySpanExporter spans;

    @Test
    void theTaskSpanContinuesTheTraceOfTheRequestThatQueuedIt() throws Exception {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String callerSpanId = hex.formatHex(random(8));
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(
                "/send-notification?email=" + UUID.randomUUID() + "@example.com"))
            .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(work.awaitIdle(Duration.ofSeconds(10)));

        List<SpanData> trace = awaitSpans(traceId, 2);
        SpanData serverSpan = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData task = trace.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst()
            .orElseThrow(() -> new AssertionError("no task span in the request's trace: " + trace));
        assertEquals(callerSpanId, serverSpan.getParentSpanId(), "the stand-in server span continues the caller's");
        assertEquals("bgtasks io.bgtasks.app.NotificationTasks#notifyByLog", task.getName());
        assertEquals(serverSpan.getSpanId(), task.getParentSpanId(), "the task runs under the request's span");
        assertTrue(task.getAttributes().get(TASK_ID) != null, task.toString());
    }

    private List<SpanData> awaitSpans(String traceId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SpanData> found;
        do {
            found = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(found.size() + " of " + count + " spans in trace " + traceId + ": "
            + spans.getFinishedSpanItems());
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        do {
            ThreadLocalRandom.current().nextBytes(b);
        } while (b[0] == 0); // all zeros is an invalid id; a leading non-zero byte rules it out
        return b;
    }
}
