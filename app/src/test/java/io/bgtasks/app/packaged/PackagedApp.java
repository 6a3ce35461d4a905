package io.bgtasks.app.packaged;

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
import java.util.concurrent.TimeUnit;

/**
 * The runnable jar started as a user starts it: {@code java [-D...] -jar bgtasks-app.jar} in a directory of its
 * own, configured by environment variables as the docs show, with nothing of the test class path (the jar's own
 * classes and manifest are all it has). Its output goes to {@code output.log} in that directory.
 */
final class PackagedApp implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path dir;
    private final int port;

    private PackagedApp(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** What to start: environment variables and system properties, as on the docs' command lines. */
    static final class Launch {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path jar;
        private Path dir;
        private int port;

        /** @return a launch of the jar in a fresh directory under target/packaged/{name} */
        static Launch named(String name) throws IOException {
            Launch launch = new Launch();
            launch.dir = Files.createDirectories(Path.of("target", "packaged", name + "-" + System.nanoTime()))
                .toAbsolutePath();
            return launch;
        }

        Launch env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Launch property(String name, String value) {
            jvmArgs.add("-D" + name + "=" + value);
            return this;
        }

        /** Worker only: no HTTP server. */
        Launch workerOnly() {
            return property("bgtasks.web.enabled", "false")
                // the example app starts an SMTP server per process; a second process on this machine needs another port
                .property("bgtasks-app.smtp.port", "0");
        }

        /** Web only: stores batches, runs none. */
        Launch webOnly() {
            return property("bgtasks.worker.enabled", "false");
        }

        /** Another runnable jar than the example app's (a user's application). */
        Launch jar(Path runnable) {
            this.jar = runnable;
            return this;
        }

        PackagedApp start() throws IOException {
            port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add((jar != null ? jar : appJar()).toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("output.log").toFile()));
            // only what this launch sets: a BGTASKS_* or REDIS_URL of the test's own environment must not leak in
            builder.environment().keySet().removeIf(k -> k.startsWith("BGTASKS_") || k.equals("REDIS_URL")
                || k.equals("PORT") || k.equals("CLASSPATH") || k.equals("JAVA_TOOL_OPTIONS"));
            // the example app reads PORT; any Micronaut app reads MICRONAUT_SERVER_PORT
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            builder.environment().putAll(env);
            return new PackagedApp(builder.start(), dir, port);
        }
    }

    /** @return the jar that {@code mvn package} built (the build passes its path in bgtasks.app.jar) */
    static Path appJar() {
        String path = System.getProperty("bgtasks.app.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("the runnable jar is missing: run the integration tests through Maven "
                + "(mvn verify), which builds it first and passes its path in bgtasks.app.jar; got " + path);
        }
        return Path.of(path);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path dir() {
        return dir;
    }

    /** Waits until the HTTP server answers; fails with the process output when it dies or times out. */
    PackagedApp awaitHttp(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failed("the app exited with " + process.exitValue() + " before it answered");
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw failed("the app did not listen on " + port + " within " + timeout);
    }

    /** Waits until the output shows the line, failing with the output when the process dies or time runs out. */
    PackagedApp awaitOutput(String fragment, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(fragment)) {
                return this;
            }
            if (!process.isAlive()) {
                throw failed("the app exited with " + process.exitValue() + " before logging '" + fragment + "'");
            }
            Thread.sleep(100);
        }
        throw failed("no '" + fragment + "' within " + timeout);
    }

    // a wait that fails inside a try-with-resources header leaves nobody to close this process: stop it here
    private AssertionError failed(String what) throws IOException, InterruptedException {
        close();
        return new AssertionError(what + ":\n" + output());
    }

    HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery, String user, String password) throws IOException, InterruptedException {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** @return the exit status, waiting at most the timeout (fails when it is still running then) */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the app is still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        Path log = dir.resolve("output.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** @return the example app's task log ({@code log.txt} in its working directory), empty while there is none */
    String taskLog() throws IOException {
        return file("log.txt");
    }

    /** @return a file of its working directory, empty while there is none */
    String file(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, as a supervisor stops it; returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
