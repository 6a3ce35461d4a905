package io.bgtasks.redis;

import io.bgtasks.engine.BatchExecutor;
import io.bgtasks.engine.BatchResult;
import io.bgtasks.engine.BatchStore;
import io.bgtasks.engine.Step;
import io.bgtasks.engine.StoredSteps;
import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.PoisonTaskException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Runs one leased batch on core's {@link BatchExecutor} with the Redis port: a checkpoint after each successful step
 * but the last ({@code step.lua}, only while this worker holds the lease), a retry or a dead letter through
 * {@code fail.lua}; a completion goes to {@link Acknowledgements}, which the worker's next fetch writes.
 */
@Singleton
final class BatchProcessor {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisConfiguration configuration;
    private final StoredSteps steps;
    private final Acknowledgements acks;
    private final TaskObservers observers;
    private final WatchedBatches watched;

    BatchProcessor(RedisConnection redis, RedisKeys keys, RedisConfiguration configuration, StoredSteps steps,
                   Acknowledgements acks, TaskObservers observers, WatchedBatches watched) {
        this.redis = redis;
        this.keys = keys;
        this.configuration = configuration;
        this.steps = steps;
        this.acks = acks;
        this.observers = observers;
        this.watched = watched;
    }

    /**
     * @param batch the leased batch
     * @param token this worker's lease token
     * @return how it ended
     */
    BatchResult.Outcome run(Leased batch, String token) {
        Lease store = new Lease(batch, token);
        List<Step> decoded;
        try {
            decoded = steps.of(batch.id(), batch.payload());
        } catch (PoisonTaskException e) {
            return BatchExecutor.unreadable(batch.id(), batch.step(), e.getMessage(), store, observers).outcome();
        }
        store.decoded = decoded;
        return BatchExecutor.run(batch.id(), decoded, batch.step(), batch.attempt(), batch.delivery(Instant.now()), store,
            observers).outcome();
    }

    /**
     * The step names a succeeded batch's record keeps, comma-separated (task names are {@code Class#method}, which never
     * holds a comma); a step of the same class as the one before it is written {@code #method}, so that the names of a
     * batch of one class mostly stay within the 64 bytes Redis stores compactly. {@link RedisStatusQuery} expands them.
     */
    static String names(List<Step> steps) {
        StringBuilder s = new StringBuilder(steps.size() * 48);
        String previousClass = null;
        for (Step step : steps) {
            String name = step.name();
            int hash = name.indexOf('#');
            String type = hash > 0 ? name.substring(0, hash) : null;
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(type != null && type.equals(previousClass) ? name.substring(hash) : name);
            previousClass = type;
        }
        return s.toString();
    }

    /** The Redis port for one leased batch: every write checks that this worker still holds the lease. */
    private final class Lease implements BatchStore {
        private final Leased batch;
        private final String token;
        private List<Step> decoded = List.of();

        Lease(Leased batch, String token) {
            this.batch = batch;
            this.token = token;
        }

        @Override
        public String backend() {
            return "redis";
        }

        @Override
        public boolean checkpoint(int index, int attempt, Instant started, Instant ended) {
            long now = System.currentTimeMillis();
            Object kept = redis.script("step", List.of(keys.active), List.of(keys.batch(batch.id()), batch.id(), token,
                Long.toString(now), Long.toString(configuration.getLease().toMillis()),
                attempt + ":" + started.toEpochMilli() + ":" + ended.toEpochMilli() + ";"));
            watched.changed(batch.id());
            return Long.valueOf(1).equals(kept);
        }

        @Override
        public void completed(int index, int attempt, Instant started, Instant ended) {
            // the names are what a lean record keeps; with no retained statuses nothing reads them
            acks.completed(batch.id(), configuration.getStatusRetention().isZero() ? "" : names(decoded));
        }

        @Override
        public Retry retry(int index, int attempt, String reason, Instant due) {
            return fail(reason, "retry", due.toEpochMilli()) ? Retry.SCHEDULED : Retry.LOST;
        }

        @Override
        public boolean deadLetter(int index, String reason) {
            return fail(reason, "dead", 0);
        }

        @Override
        public void handBack(int index) {
            // the shutdown handed the batch back to the queue already
        }

        @Override
        public boolean stoppedBy(Throwable error) {
            // only a shutdown interrupts a worker's thread; an InterruptedException of the task's own is a failure
            return Thread.currentThread().isInterrupted();
        }

        private boolean fail(String reason, String mode, long due) {
            Object done = redis.script("fail", List.of(keys.active, keys.delayed, keys.dead, keys.marker),
                List.of(keys.batch(batch.id()), batch.id(), token, Long.toString(System.currentTimeMillis()), reason, mode,
                    Long.toString(due)));
            watched.changed(batch.id());
            return Long.valueOf(1).equals(done);
        }
    }
}
