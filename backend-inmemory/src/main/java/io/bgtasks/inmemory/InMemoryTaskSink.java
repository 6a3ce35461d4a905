package io.bgtasks.inmemory;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The default backend: FastAPI's {@code BackgroundTasks}. Each batch gets a virtual thread once its
 * response is written; batches of different requests run concurrently (up to
 * {@code bgtasks.inmemory.max-concurrent-batches}), the steps of one batch one after another. Nothing
 * survives the JVM: a graceful shutdown drains what it can within {@code shutdown-timeout} and logs, by
 * id, every task it drops.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "inmemory", defaultValue = "inmemory")
final class InMemoryTaskSink implements TaskSink {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.inmemory");

    private final BatchRunner runner;
    private final InMemoryStatusStore statuses;
    private final InMemoryConfiguration configuration;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("bgtasks-", 0).factory());
    private final Semaphore slots;
    /** One timer thread for delayed batches: each waits here, not on a thread of its own, until its start time. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("bgtasks-timer").daemon().factory());
    private final Map<BatchRun, ScheduledFuture<?>> delayed = new ConcurrentHashMap<>();
    private final Set<BatchRun> live = ConcurrentHashMap.newKeySet();
    /** Announced batches not yet submitted, with whether they were new (not a repeated idempotency key). */
    private final ConcurrentHashMap<String, Boolean> announced = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private volatile boolean aborting;

    InMemoryTaskSink(BatchRunner runner, InMemoryStatusStore statuses, InMemoryConfiguration configuration) {
        this.runner = runner;
        this.statuses = statuses;
        this.configuration = configuration;
        this.slots = new Semaphore(configuration.getMaxConcurrentBatches(), true);
    }

    @Override
    public HandOff handOff() {
        return HandOff.AFTER_RESPONSE;
    }

    @Override
    public boolean acceptsLocalTasks() {
        return configuration.isAllowLocalLambdas();
    }

    @Override
    public void announce(TaskBatch batch) {
        // queued before the response, so a client that asks for a status as soon as it has the ids finds it
        if (!statuses.keeps(batch)) {
            return; // no record to make: submit sees it as new
        }
        announced.put(batch.id(), statuses.queuedIfNew(batch));
    }

    @Override
    public void submit(TaskBatch batch) {
        Boolean announcedNew = announced.remove(batch.id());
        boolean isNew = announcedNew != null ? announcedNew : statuses.queuedIfNew(batch);
        if (!isNew) {
            LOG.debug("batch {} was already submitted (idempotency key): not run again", batch.id());
            return;
        }
        BatchRun run = new BatchRun(batch);
        live.add(run);
        Instant now = Instant.now();
        if (batch.isDelayed(now)) {
            delay(run, Duration.between(now, batch.startAt()));
        } else {
            start(run);
        }
    }

    private void start(BatchRun run) {
        try {
            threads.execute(() -> execute(run));
        } catch (RejectedExecutionException e) {
            finish(run, "the application is shutting down and accepts no new background tasks");
        }
    }

    private void delay(BatchRun run, Duration wait) {
        try {
            // registered before it can fire: the timer removes the entry when it starts the run
            synchronized (delayed) {
                delayed.put(run, timer.schedule(() -> {
                    if (takeDelayed(run) != null) {
                        start(run);
                    }
                }, wait.toNanos(), TimeUnit.NANOSECONDS));
            }
        } catch (RejectedExecutionException e) {
            finish(run, "the application is shutting down and accepts no new background tasks");
        }
    }

    private ScheduledFuture<?> takeDelayed(BatchRun run) {
        synchronized (delayed) {
            return delayed.remove(run);
        }
    }

    private void execute(BatchRun run) {
        String dropReason = null;
        try {
            slots.acquire();
            try {
                runner.run(run, () -> aborting);
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            dropReason = "shutdown timeout of " + configuration.getShutdownTimeout().toMillis() + " ms exceeded";
        } catch (RuntimeException e) {
            LOG.error("background batch {} stopped unexpectedly", run.batch().id(), e);
            dropReason = "runner error: " + e;
        } finally {
            finish(run, dropReason);
        }
    }

    private void finish(BatchRun run, String dropReason) {
        if (dropReason != null) {
            runner.reportDropped(run, dropReason);
        }
        live.remove(run);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    /** @return batches holding a slot now */
    int running() {
        return configuration.getMaxConcurrentBatches() - slots.availablePermits();
    }

    /** @return delayed batches waiting for their start time */
    int delayed() {
        return delayed.size();
    }

    /** @return batches waiting for a slot (saturation) */
    int waitingForSlot() {
        return slots.getQueueLength();
    }

    /** @return the number of slots, {@code bgtasks.inmemory.max-concurrent-batches} */
    int slots() {
        return configuration.getMaxConcurrentBatches();
    }

    /** @return whether the sink stopped taking work (the application is shutting down) */
    boolean isShuttingDown() {
        return threads.isShutdown();
    }

    /** Drains within the shutdown timeout, then interrupts what is left and reports it as dropped. */
    @PreDestroy
    void close() throws InterruptedException {
        timer.shutdownNow();
        // a delayed batch waits for a time that this JVM will not see: report it now rather than after the timeout
        for (BatchRun run : List.copyOf(delayed.keySet())) {
            ScheduledFuture<?> pending = takeDelayed(run);
            if (pending != null) {
                pending.cancel(false);
                finish(run, "the application stopped before the batch's start time " + run.batch().startAt()
                    + " (in-memory delays do not survive a restart; use a durable backend)");
            }
        }
        Duration timeout = configuration.getShutdownTimeout();
        if (!live.isEmpty()) {
            LOG.info("shutting down: waiting up to {} ms for {} background batch(es)", timeout.toMillis(), live.size());
        }
        threads.shutdown();
        if (threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        aborting = true;
        threads.shutdownNow();
        // interrupted runs report their own dropped steps; give them a moment, then report stuck ones here
        if (!threads.awaitTermination(2, TimeUnit.SECONDS)) {
            for (BatchRun run : List.copyOf(live)) {
                runner.reportDropped(run, "shutdown timeout of " + timeout.toMillis() + " ms exceeded (task ignored the interrupt)");
            }
        }
    }
}
