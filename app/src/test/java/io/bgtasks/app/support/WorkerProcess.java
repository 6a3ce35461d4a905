package io.bgtasks.app.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The example app started as a separate JVM in worker-only mode ({@code bgtasks.web.enabled=false}) on the
 * test class path, so a test can kill it for real ({@link #kill()} sends SIGKILL).
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param properties Micronaut properties (e.g. bgtasks.redis.uri), passed as system properties
     * @return the started process (its log goes to target/worker-PID.log)
     */
    public static WorkerProcess start(Map<String, String> properties) throws IOException {
        return launch(properties, false);
    }

    /**
     * The whole app (HTTP server and worker) in its own JVM, e.g. to kill it while it runs a task it took itself.
     *
     * @param properties Micronaut properties (set micronaut.server.port to reach it), passed as system properties
     * @return the started process (its log goes to target/worker-PID.log)
     */
    public static WorkerProcess startApp(Map<String, String> properties) throws IOException {
        return launch(properties, true);
    }

    private static WorkerProcess launch(Map<String, String> properties, boolean web) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.add("-Xmx256m");
        command.add("-Dbgtasks.web.enabled=" + web);
        // the shop's database and mail server of this process only (a test may still override them)
        command.add("-Dbgtasks-app.database-url=jdbc:h2:mem:child;DB_CLOSE_DELAY=-1");
        command.add("-Dbgtasks-app.smtp.port=0");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.bgtasks.app.Application");
        File log = File.createTempFile("worker-", ".log", new File("target"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        return new WorkerProcess(process, log.toPath());
    }

    /** @return a free TCP port for an app process to listen on */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until this process listens on {@code port}; fails when it dies first or the time runs out. */
    public void awaitPort(int port, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the app died; see " + log);
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the app did not listen on " + port + " within " + millis + " ms; see " + log);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no hand-back; the lease is what recovers its batches. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful stop. */
    public int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
