package io.bgtasks.app.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** A real HTTP client (the JDK's) against the running server. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    /** A response and when it arrived. */
    public record Timed(HttpResponse<String> response, long sentNanos, long receivedNanos) {
        public int status() {
            return response.statusCode();
        }

        public long millis() {
            return (receivedNanos - sentNanos) / 1_000_000;
        }

        public List<String> taskIds() {
            return response.headers().firstValue("X-Task-Ids").map(v -> Arrays.asList(v.split(","))).orElse(List.of());
        }
    }

    public Timed post(String path, String... query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path, query)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Timed get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Timed delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private Timed send(HttpRequest.Builder request) throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
        return new Timed(response, sent, System.nanoTime());
    }

    private URI uri(String path, String... query) {
        StringBuilder s = new StringBuilder(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            s.append(i == 0 ? '?' : '&').append(query[i]).append('=')
                .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return base.resolve(s.toString());
    }
}
