package io.bgtasks;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;

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
 */
public final class BgTasksApplication {
    private BgTasksApplication() {
    }

    /**
     * @param mainClass the application class
     * @param args      command line arguments ({@code --bgtasks.web.enabled=false} works too)
     * @return the running context
     */
    public static ApplicationContext run(Class<?> mainClass, String... args) {
        ApplicationContext context = Micronaut.build(args).mainClass(mainClass).build();
        context.start();
        if (context.getProperty("bgtasks.web.enabled", Boolean.class).orElse(true)) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (context.isRunning()) {
                    context.close();
                }
            }, "bgtasks-shutdown"));
            return context;
        }
        // worker only: no HTTP server, so nothing keeps the JVM alive but this thread
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (context.isRunning()) {
                context.close();
            }
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
}
