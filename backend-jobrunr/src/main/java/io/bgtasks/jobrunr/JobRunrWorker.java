package io.bgtasks.jobrunr;

import io.bgtasks.WorkerConfiguration;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process's JobRunr {@link BackgroundJobServer}, started with the application unless
 * {@code bgtasks.worker.enabled=false}: {@code bgtasks.worker.concurrency} workers, the configured poll interval,
 * bgtasks' retry filter in place of JobRunr's, handlers from the Micronaut context. A graceful stop waits up to
 * {@code bgtasks.worker.shutdown-timeout} for running jobs, then interrupts them; they go back to the queue.
 */
@Singleton
@Requires(property = "bgtasks.worker.enabled", notEquals = "false")
final class JobRunrWorker implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.jobrunr");

    private final JobRunrStorage storage;
    private final JobRunrConfiguration configuration;
    private final WorkerConfiguration worker;
    private final BeanContext context;
    private final RetryPolicyFilter retry;
    private final RunningJobs running;
    private final PickupSignal pickup;
    private BackgroundJobServer server;
    private PickupNudge nudge;
    private PickupListener listener;
    private ScheduledExecutorService sweeper;
    private boolean sweepFailing;

    JobRunrWorker(JobRunrStorage storage, JobRunrConfiguration configuration, WorkerConfiguration worker, BeanContext context,
                  RetryPolicyFilter retry, RunningJobs running, PickupSignal pickup) {
        this.storage = storage;
        this.configuration = configuration;
        this.worker = worker;
        this.context = context;
        this.retry = retry;
        this.running = running;
        this.pickup = pickup;
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (server != null) {
            return;
        }
        BackgroundJobServerConfiguration settings = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
            .andName("bgtasks-" + ProcessHandle.current().pid())
            .andWorkerCount(worker.getConcurrency())
            .andPollInterval(configuration.getPollInterval())
            .andInterruptJobsAwaitDurationOnStopBackgroundJobServer(worker.getShutdownTimeout())
            .andDeleteSucceededJobsAfter(configuration.getDeleteSucceededJobsAfter())
            .andPermanentlyDeleteDeletedJobsAfter(configuration.getPermanentlyDeleteJobsAfter());
        BackgroundJobServer started = new BackgroundJobServer(storage.provider(), storage.json(), new MicronautJobActivator(context), settings);
        started.setJobFilters(List.of(retry, running));
        running.attach(started.getStorageProvider());
        started.start();
        server = started;
        if (pickup.enabled()) {
            nudge = PickupNudge.start(started);
            if (nudge != null) {
                pickup.attach(nudge);
                if (!storage.isH2()) {
                    listener = PickupListener.start(storage.dataSource(), pickup, nudge);
                }
            }
        }
        // damage that makes JobRunr skip a row without an error is found by a sweep every two polls (RowRepair)
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bgtasks-jobrunr-repair").daemon().factory());
        long every = configuration.getPollInterval().toMillis() * 2;
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        LOG.info("JobRunr worker started on {}: {} workers, poll interval {} ms, instant pickup {}", storage.where(),
            worker.getConcurrency(), configuration.getPollInterval().toMillis(),
            nudge == null ? "off" : listener == null ? "of this process's jobs" : "of every process's jobs (LISTEN/NOTIFY)");
    }

    private void sweep() {
        try {
            storage.repair().sweep(configuration.getPollInterval());
            sweepFailing = false;
        } catch (RuntimeException e) {
            if (!sweepFailing) { // once per outage, not once per sweep
                LOG.warn("the sweep for damaged JobRunr rows failed: {}; it runs again every two polls", e.toString());
            }
            sweepFailing = true;
        }
    }

    /** @return the running server, or null before start-up */
    synchronized BackgroundJobServer server() {
        return server;
    }

    @PreDestroy
    synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        // the nudges first: none reaches a stopping server
        if (listener != null) {
            listener.close();
            listener = null;
        }
        if (nudge != null) {
            pickup.attach(null);
            nudge.close();
            nudge = null;
        }
        if (server != null) {
            running.stopping();
            server.stop();
            server = null;
            LOG.info("JobRunr worker stopped");
        }
    }
}
