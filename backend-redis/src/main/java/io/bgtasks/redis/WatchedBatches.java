package io.bgtasks.redis;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker's side of pushed status changes: which batches someone watches (read from {@code P:watched} every
 * {@link #REFRESH}), and a publish on {@code P:status} after this worker recorded a change of one of them. While
 * nobody watches, a change costs a look into an empty set.
 */
@Singleton
final class WatchedBatches {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.redis");
    /** How soon a new watch is seen by the workers; the event stream polls during its first second to cover it. */
    static final Duration REFRESH = Duration.ofMillis(250);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private volatile Set<String> watched = Set.of();
    private ScheduledExecutorService refresher;

    WatchedBatches(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Starts reading the watches (the worker calls it when it starts). */
    synchronized void start() {
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bgtasks-watched").daemon().factory());
            refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        try {
            // one round trip: the watches that have not lapsed (whoever opens a watch prunes the lapsed ones)
            List<String> members = redis.client().zrangeByScore(keys.watched, System.currentTimeMillis(), Double.POSITIVE_INFINITY);
            Set<String> batches = new HashSet<>(members.size() * 2);
            for (String member : members) {
                int space = member.indexOf(' ');
                batches.add(space > 0 ? member.substring(0, space) : member);
            }
            watched = batches.isEmpty() ? Set.of() : batches;
        } catch (RuntimeException e) {
            LOG.debug("could not read the status watches: {}", e.toString()); // streams fall back to polling
        }
    }

    /** Publishes a change of {@code batchId} if someone watches it. */
    void changed(String batchId) {
        Set<String> now = watched;
        if (!now.isEmpty() && now.contains(batchId)) {
            publish(batchId);
        }
    }

    /** @return whether anybody watches a batch now (to skip the loop over a fetch's batches otherwise) */
    boolean any() {
        return !watched.isEmpty();
    }

    private void publish(String batchId) {
        try {
            redis.client().publish(keys.statusChannel, batchId);
        } catch (RuntimeException e) {
            LOG.debug("could not publish a status change of batch {}: {}", batchId, e.toString());
        }
    }

    @PreDestroy
    synchronized void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
