package io.bgtasks.redis;

import io.bgtasks.spi.StatusChanges;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Status changes pushed over Redis pub/sub. A watch is a member of {@code P:watched} ({@code <batch id> <token>},
 * scored by when it lapses), which the workers read every {@link WatchedBatches#REFRESH}; a worker that records a
 * change of a watched batch publishes the batch id on {@code P:status}. This process keeps one subscription to that
 * channel, opened with the first watch, and hands each message to the local watchers of the batch. Unwatched
 * batches cost the workers nothing per task.
 */
@Singleton
final class RedisStatusChanges implements StatusChanges {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.redis");
    /** A watch lapses after this long unless closed first: the event stream's own age limit, and some. */
    private static final long WATCH_MILLIS = 65 * 60 * 1000L;

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final Map<String, List<Runnable>> watchers = new ConcurrentHashMap<>();
    private Subscriber subscriber;

    RedisStatusChanges(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Watch watch(String batchId, Runnable changed) {
        String member = batchId + " " + UUID.randomUUID();
        watchers.computeIfAbsent(batchId, id -> new CopyOnWriteArrayList<>()).add(changed);
        subscribe();
        try {
            long now = System.currentTimeMillis();
            // watches of streams whose process died lapse; opening a watch is rare, so it sweeps them, not the workers
            redis.client().zremrangeByScore(keys.watched, Double.NEGATIVE_INFINITY, now);
            redis.client().zadd(keys.watched, now + WATCH_MILLIS, member);
        } catch (RuntimeException e) {
            // the stream still reads at its fallback interval
            LOG.warn("could not register a status watch of batch {} in Redis: {}", batchId, e.toString());
        }
        return () -> {
            watchers.computeIfPresent(batchId, (id, list) -> {
                list.remove(changed);
                return list.isEmpty() ? null : list;
            });
            try {
                redis.client().zrem(keys.watched, member);
            } catch (RuntimeException e) {
                LOG.debug("could not remove the status watch {} (it lapses by itself): {}", member, e.toString());
            }
        };
    }

    private synchronized void subscribe() {
        if (subscriber == null) {
            subscriber = new Subscriber();
            Thread.ofPlatform().name("bgtasks-status-changes").daemon().start(subscriber);
        }
    }

    private void notifyAll(String batchId) {
        List<Runnable> list = watchers.get(batchId);
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    /** Holds the subscription, and opens it again after Redis went away (telling every watcher to read). */
    private final class Subscriber extends JedisPubSub implements Runnable {
        private volatile boolean stopping;

        @Override
        public void run() {
            long backoff = 100;
            while (!stopping) {
                try {
                    redis.client().subscribe(this, keys.statusChannel);
                } catch (RuntimeException e) {
                    if (stopping) {
                        return;
                    }
                    LOG.debug("status change subscription lost ({}); subscribing again", e.toString());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            // changes may have been published while not subscribed: every watcher reads once
            watchers.keySet().forEach(RedisStatusChanges.this::notifyAll);
        }

        @Override
        public void onMessage(String channel, String batchId) {
            RedisStatusChanges.this.notifyAll(batchId);
        }

        void stop() {
            stopping = true;
            if (isSubscribed()) {
                unsubscribe();
            }
        }
    }
}
