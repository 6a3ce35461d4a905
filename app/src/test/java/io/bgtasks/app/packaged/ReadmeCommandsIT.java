package io.bgtasks.app.packaged;

import io.bgtasks.app.support.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands that run the example app with {@code mn:run}, read from the README itself and run as
 * written (after this build installed bgtasks, as the README's first command does): on the in-memory default, on
 * Redis and on JobRunr. Only two values differ from the text: the Redis address is the test's server, and
 * {@code PORT} picks a free port.
 */
class ReadmeCommandsIT {
    private static final Pattern MN_RUN = Pattern.compile("((?:[A-Z_]+=\\S+ )*)\\./mvnw -q -f app/pom\\.xml mn:run");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theReadmesMnRunCommandsStartTheAppOnEachBackend() throws Exception {
        String readme = Files.readString(Maven.root().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher matcher = MN_RUN.matcher(readme);
        List<Map<String, String>> commands = new ArrayList<>();
        while (matcher.find()) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String assignment : matcher.group(1).trim().split(" ")) {
                if (!assignment.isBlank()) {
                    env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
                }
            }
            commands.add(env);
        }
        List<String> backends = commands.stream().map(env -> env.getOrDefault("BGTASKS_BACKEND", "inmemory")).distinct().toList();
        assertEquals(List.of("inmemory", "redis", "jobrunr"), backends, "the README's mn:run commands: " + commands);
        for (Map<String, String> env : commands) {
            runAndPost(new LinkedHashMap<>(env));
        }
    }

    private static void runAndPost(Map<String, String> env) throws Exception {
        if (env.containsKey("REDIS_URL")) {
            env.put("REDIS_URL", RedisServer.uri());
        }
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        env.put("PORT", Integer.toString(port));
        Path output = Files.createTempFile(Path.of("target"), "mn-run-", ".log");
        Process process = Maven.command(Maven.root(), env, "-q", "-f", "app/pom.xml", "mn:run")
            .redirectOutput(output.toFile()).start();
        try {
            awaitPort(process, port, output);
            String email = "readme-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/send-notification?email=" + email))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), env + ": " + response.body());
            // the README says: cat app/target/log.txt
            Path log = Maven.root().resolve("app/target/log.txt");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (!(Files.exists(log) && Files.readString(log).contains("Notified: " + email)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.exists(log) && Files.readString(log).contains("Notified: " + email),
                env + ": no 'Notified: " + email + "' in " + log + "; output:\n" + Files.readString(output));
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static void awaitPort(Process process, int port, Path output) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mn:run exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("mn:run did not listen on " + port + ":\n" + Files.readString(output));
    }
}
