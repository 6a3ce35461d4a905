package io.bgtasks;

import io.bgtasks.config.WebConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Starts an application in the mode its configuration asks for: web and worker (default), web only
 * ({@code bgtasks.worker.enabled=false}) or worker only ({@code bgtasks.web.enabled=false}: no HTTP server,
 * the process runs tasks until it is stopped). Use it in place of {@code Micronaut.run}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     BgTasksApplication.run(Application.class, args);
 * }
 * }</pre>
 *
 * <p>When start-up fails in either mode (a missing class, a bad property, a backend that cannot be built), the
 * cause is logged, whatever had started is closed and the JVM exits with status 1, so that a script, a container
 * or a process supervisor sees the failure and can restart it instead of waiting on a half-started process.
 */
public final class BgTasksApplication {
    /** The exit status of a process whose start-up failed. */
    public static final int START_FAILED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(BgTasksApplication.class);

    private BgTasksApplication() {
    }

    /**
     * Starts the application, or exits the JVM with {@link #START_FAILED} when it cannot start.
     *
     * @param mainClass the application class
     * @param args      command line arguments ({@code --bgtasks.web.enabled=false} works too)
     * @return the running context
     */
    public static ApplicationContext run(Class<?> mainClass, String... args) {
        ApplicationContext context = null;
        try {
            context = Micronaut.build(args).mainClass(mainClass).build();
            context.start();
            return context.getBean(WebConfiguration.class).isEnabled()
                ? startWeb(context)
                : keepWorkerAlive(context);
        } catch (Throwable e) {
            LOG.error("bgtasks: the application failed to start and exits with status {}: {}", START_FAILED,
                rootCause(e), e);
            closeQuietly(context);
            System.exit(START_FAILED);
            throw new IllegalStateException("unreachable", e);
        }
    }

    private static ApplicationContext startWeb(ApplicationContext context) {
        EmbeddedServer server = context.findBean(EmbeddedServer.class).orElseThrow(() -> new IllegalStateException(
            "bgtasks.web.enabled is true but there is no HTTP server on the classpath: add "
                + "io.micronaut:micronaut-http-server-netty, or set bgtasks.web.enabled=false for a worker-only process"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(context), "bgtasks-shutdown"));
        return context;
    }

    // worker only: no HTTP server, so nothing keeps the JVM alive but this thread
    private static ApplicationContext keepWorkerAlive(ApplicationContext context) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(context);
            stopped.countDown();
        }, "bgtasks-shutdown"));
        Thread keepAlive = new Thread(() -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bgtasks-worker-main");
        keepAlive.setDaemon(false);
        keepAlive.start();
        return context;
    }

    private static void closeQuietly(ApplicationContext context) {
        if (context == null || !context.isRunning()) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            LOG.warn("bgtasks: closing the application context failed: {}", e.toString());
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
