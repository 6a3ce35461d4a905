package io.bgtasks.jobrunr;

import io.bgtasks.spi.BackendHealth;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.JobStats;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Up while JobRunr's storage answers and, in a process that runs a worker, while its BackgroundJobServer runs. The
 * details are JobRunr's job counts for everyone sharing the storage. A failure is named by its kind only: the JDBC
 * URL and the driver's message stay in the logs.
 */
@Singleton
final class JobRunrHealth implements BackendHealth {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    private static final ExecutorService CHECKS = Executors.newVirtualThreadPerTaskExecutor();
    private final JobRunrStorage storage;
    private final JobRunrWorker worker;

    JobRunrHealth(JobRunrStorage storage, @Nullable JobRunrWorker worker) {
        this.storage = storage;
        this.worker = worker;
    }

    @Override
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", "jobrunr");
        Map<String, Long> backlog = Map.of();
        try {
            // a database that stops answering leaves a query hanging on its socket: the check gives up on its own
            JobStats stats = CHECKS.submit(() -> storage.provider().getJobStats()).get(ANSWER_WITHIN.toMillis(),
                TimeUnit.MILLISECONDS);
            details.put("enqueued", stats.getEnqueued());
            details.put("scheduled", stats.getScheduled());
            details.put("processing", stats.getProcessing());
            details.put("failed", stats.getFailed());
            // SCHEDULED holds delayed batches and retries waiting for their time; FAILED jobs are the dead letters
            backlog = Map.of("queued", stats.getEnqueued(), "delayed", stats.getScheduled(), "running", stats.getProcessing(),
                "dead", stats.getFailed());
        } catch (TimeoutException e) {
            details.put("reason", "the job storage does not answer within " + ANSWER_WITHIN.toSeconds() + " s");
            return new Report(false, details, backlog);
        } catch (ExecutionException e) {
            details.put("reason", "the job storage does not answer (" + e.getCause().getClass().getSimpleName() + ")");
            return new Report(false, details, backlog);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("reason", "interrupted");
            return new Report(false, details, backlog);
        }
        if (worker != null) {
            BackgroundJobServer server = worker.server();
            boolean running = server != null && server.isRunning();
            details.put("worker", running ? "running" : "stopped");
            if (!running) {
                details.put("reason", "this process's JobRunr server is not running");
                return new Report(false, details, backlog);
            }
        }
        return new Report(true, details, backlog);
    }
}
