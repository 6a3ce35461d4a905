package io.bgtasks.redis;

import io.bgtasks.support.RepeatedFailureLog;
import io.bgtasks.WorkerConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.bgtasks.redis.RedisConnection.text;

/**
 * A competing consumer of the Redis queue. One fetcher thread leases up to as many batches as there are
 * free slots per round trip (and writes the {@link Acknowledgements} of finished ones in the same call); each batch runs on its own
 * virtual thread; a renewer extends the leases of running batches every third of the lease, so a long
 * task is not reclaimed while its worker lives. Idle, the fetcher blocks on the wake-up marker that every
 * enqueue sets, and that its {@link WakeUpAlarm} sets when the next delayed batch or retry comes due.
 */
@Singleton
@Requires(property = "bgtasks.worker.enabled", notEquals = "false")
final class RedisWorker implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.redis");

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisConfiguration configuration;
    private final WorkerConfiguration worker;
    private final BatchProcessor processor;
    private final String token;
    private final Semaphore slots;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Acknowledgements acks;
    private final RepeatedFailureLog fetchFailures = new RepeatedFailureLog(LOG, Duration.ofSeconds(10));
    private final ExecutorService batches = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bgtasks-redis-", 0).factory());
    private final WakeUpAlarm alarm;
    private final WatchedBatches watched;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("bgtasks-redis-renewer").daemon().factory());
    private volatile boolean stopping;
    private volatile boolean idle;
    private Thread fetcher;

    RedisWorker(RedisConnection redis, RedisKeys keys, RedisConfiguration configuration, WorkerConfiguration worker,
                BatchProcessor processor, Acknowledgements acks, WatchedBatches watched) {
        this.redis = redis;
        this.keys = keys;
        this.configuration = configuration;
        this.worker = worker;
        this.processor = processor;
        this.acks = acks;
        this.watched = watched;
        this.alarm = new WakeUpAlarm(redis, keys);
        this.slots = new Semaphore(worker.getConcurrency());
        this.token = host() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public synchronized void onApplicationEvent(StartupEvent event) {
        if (fetcher != null) {
            return;
        }
        fetcher = Thread.ofPlatform().name("bgtasks-redis-fetcher").daemon().start(this::fetchLoop);
        watched.start();
        long every = Math.max(50, configuration.getLease().toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        LOG.info("redis worker {} started: concurrency {}, lease {} ms", token, worker.getConcurrency(),
            configuration.getLease().toMillis());
    }

    /** The fetcher thread, for tests that check it stays idle while it cannot work; null before startup. */
    Thread fetcher() {
        return fetcher;
    }

    private void fetchLoop() {
        long backoff = 100;
        while (!stopping) {
            int wanted = 0;
            try {
                slots.acquire();
                wanted = 1 + slots.drainPermits();
                if (wanted > configuration.getFetchBatch()) {
                    slots.release(wanted - configuration.getFetchBatch());
                    wanted = configuration.getFetchBatch();
                }
                Fetched fetched = fetch(stopping ? 0 : wanted);
                for (Leased batch : fetched.batches()) {
                    running.add(batch.id());
                    batches.execute(() -> run(batch));
                }
                slots.release(wanted - fetched.batches().size());
                wanted = 0;
                if (fetched.batches().isEmpty() && !stopping) {
                    waitForWork(fetched.nextDue());
                }
                backoff = 100;
                fetchFailures.recovered();
            } catch (InterruptedException e) {
                if (wanted > 0) {
                    slots.release(wanted);
                }
                if (stopping) {
                    return;
                }
            } catch (RuntimeException e) {
                if (wanted > 0) {
                    slots.release(wanted);
                }
                if (stopping) {
                    return;
                }
                fetchFailures.failed("redis worker " + token + ": fetch failed; retrying with backoff up to 5 s", e);
                sleepQuietly(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Blocks on the wake-up marker until new work, the next due time (a delayed batch, a retry), or the idle poll
     * interval. Redis ends the blocking wait only at its clock tick, so the alarm marks the due time itself.
     */
    private void waitForWork(long nextDue) {
        long wait = configuration.getIdlePoll().toMillis();
        if (nextDue > 0) {
            long untilDue = nextDue - System.currentTimeMillis();
            if (untilDue <= 0) {
                // due since the fetch: fetch again now, not after Redis's next clock tick. No busy loop: a fetch
                // promotes everything due at its own time, so the due time it reports is later than that
                return;
            }
            if (untilDue <= wait) {
                alarm.set(nextDue);
                wait = untilDue;
            }
        }
        idle = true;
        try {
            flushAcks(); // batches that finished while we were fetching must not wait for the next round
            redis.client().bzpopmin(wait / 1000.0, keys.marker);
        } finally {
            idle = false;
        }
    }

    private void run(Leased batch) {
        try {
            processor.run(batch, token);
        } catch (RuntimeException e) {
            // Redis failed or refused while recording the outcome: nothing was changed, the lease runs out, and the
            // next fetch after it queues the batch again (or dead-letters it, if its own key is what is damaged)
            LOG.error("batch {}: could not record its outcome in Redis ({}); it is delivered again after its lease",
                batch.id(), e.getMessage());
        } finally {
            running.remove(batch.id());
            slots.release();
            if (idle) {
                flushAcks();
            }
        }
    }

    private record Fetched(List<Leased> batches, long nextDue) {
    }

    private Fetched fetch(int max) {
        List<Acknowledgements.Ack> finished = acks.take();
        List<String> args = new ArrayList<>(9 + 2 * finished.size());
        args.add(keys.prefix);
        args.add(Long.toString(System.currentTimeMillis()));
        args.add(Long.toString(configuration.getLease().toMillis()));
        args.add(Integer.toString(max));
        args.add(token);
        args.add(Long.toString(configuration.getStatusRetention().toMillis()));
        args.add(Integer.toString(configuration.getStatusMaxSucceeded()));
        args.add(Long.toString(configuration.getDeadLetterRetention().toMillis()));
        args.add(Integer.toString(configuration.getDeadLetterMax()));
        for (Acknowledgements.Ack ack : finished) {
            args.add(ack.batchId());
            args.add(ack.names());
        }
        List<?> reply;
        try {
            reply = (List<?>) redis.script("fetch", List.of(keys.wait, keys.active, keys.delayed, keys.marker, keys.dead,
                keys.unreadable, keys.done), args);
        } catch (RuntimeException e) {
            acks.restore(finished); // not acknowledged: they go with the next fetch
            throw e;
        }
        String due = text(reply.get(0));
        String notice = text(reply.get(1));
        if (!notice.isEmpty()) {
            LOG.warn("redis worker {}: {}", token, notice);
        }
        List<Leased> leased = new ArrayList<>((reply.size() - 2) / 6);
        for (int i = 2; i + 5 < reply.size(); i += 6) {
            leased.add(new Leased(text(reply.get(i)), text(reply.get(i + 1)), Integer.parseInt(text(reply.get(i + 2))),
                Integer.parseInt(text(reply.get(i + 3))), text(reply.get(i + 4)), text(reply.get(i + 5))));
        }
        if (watched.any()) {
            // leased batches are RUNNING now, acknowledged ones finished: tell the event streams that watch them
            finished.forEach(ack -> watched.changed(ack.batchId()));
            leased.forEach(batch -> watched.changed(batch.id()));
        }
        return new Fetched(leased, dueTime(due));
    }

    // fetch.lua keeps non-finite due times out; anything unreadable here means "no known due time", never a stall
    private static long dueTime(String due) {
        if (due.isEmpty()) {
            return 0;
        }
        try {
            double value = Double.parseDouble(due);
            return Double.isFinite(value) ? (long) value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void flushAcks() {
        if (!acks.isEmpty()) {
            try {
                fetch(0);
            } catch (RuntimeException e) {
                LOG.warn("redis worker {}: acknowledging finished batches failed ({}); will retry", token, e.toString());
            }
        }
    }

    private void renewLeases() {
        if (running.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(running.size() + 1);
        args.add(Long.toString(System.currentTimeMillis() + configuration.getLease().toMillis()));
        args.addAll(running);
        try {
            // a script, not a plain ZADD XX: it may run while Redis is over maxmemory (renew.lua)
            redis.script("renew", List.of(keys.active), args);
        } catch (RuntimeException e) {
            LOG.warn("redis worker {}: renewing {} lease(s) failed: {}", token, args.size() - 1, e.toString());
        }
    }

    /**
     * Stops fetching, lets running batches finish within {@code bgtasks.worker.shutdown-timeout}, then hands the
     * rest back to the queue at once (they run again elsewhere, from their last checkpoint).
     */
    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        if (fetcher != null) {
            fetcher.interrupt();
            fetcher.join(configuration.getIdlePoll().toMillis() + configuration.getTimeout().toMillis() + 1000);
        }
        batches.shutdown();
        if (!batches.awaitTermination(worker.getShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            List<String> unfinished = List.copyOf(running);
            List<String> args = new ArrayList<>(List.of(keys.prefix, token));
            args.addAll(unfinished);
            try {
                Object released = redis.script("release", List.of(keys.wait, keys.active, keys.marker), args);
                LOG.warn("redis worker {}: shutdown timeout of {} ms passed; handed {} running batch(es) back to the queue: {}",
                    token, worker.getShutdownTimeout().toMillis(), released, unfinished);
            } catch (RuntimeException e) {
                LOG.warn("redis worker {}: could not hand back {} running batch(es) ({}); they run again after their lease: {}",
                    token, unfinished.size(), e.toString(), unfinished);
            }
            batches.shutdownNow();
            batches.awaitTermination(2, TimeUnit.SECONDS);
        }
        renewer.shutdownNow();
        alarm.stop();
        flushAcks();
        LOG.info("redis worker {} stopped", token);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
