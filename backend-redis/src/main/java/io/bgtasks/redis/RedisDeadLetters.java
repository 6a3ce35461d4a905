package io.bgtasks.redis;

import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.paging.Cursor;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.paging.Pages;
import io.bgtasks.spi.TaskIds;
import io.micronaut.core.annotation.Nullable;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import jakarta.inject.Singleton;
import redis.clients.jedis.resps.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dead letters in Redis: the {@code P:dead} sorted set (by time of death) and each batch's hash. */
@Singleton
final class RedisDeadLetters implements DeadLetters {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final BatchCodec codec;

    private final ZsetPages pages;

    RedisDeadLetters(RedisConnection redis, RedisKeys keys, BatchCodec codec, ZsetPages pages) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.pages = pages;
    }

    @Override
    public List<DeadLetter> list(int offset, int limit) {
        List<Tuple> ids = redis.client().zrevrangeWithScores(keys.dead, offset, offset + limit - 1L);
        List<DeadLetter> letters = new ArrayList<>(ids.size());
        for (Tuple t : ids) {
            letters.add(read(t.getElement(), Instant.ofEpochMilli((long) t.getScore())));
        }
        return letters;
    }

    @Override
    public KeysetPage<DeadLetter> page(@Nullable String after, int limit) {
        int size = Pages.limit(limit);
        List<DeadLetter> letters = new ArrayList<>(size + 1);
        for (ZsetPages.Entry entry : pages.after(keys.dead, Cursor.decode(after), size + 1)) {
            letters.add(read(entry.member(), entry.at()));
        }
        return Pages.newestFirst(size, DeadLetter::position, letters);
    }

    /** A dead letter as far as its hash can be read: one damaged entry is listed with its reason, never hides the others. */
    DeadLetter read(String batchId, Instant failedAt) {
        try {
            return letter(batchId, redis.client().hgetAll(keys.batch(batchId)), failedAt);
        } catch (RuntimeException unreadable) {
            String reason = redis.client().hget(keys.unreadable, batchId);
            return new DeadLetter(batchId, List.of(), List.of(), null,
                reason != null ? reason : "unreadable dead letter: " + unreadable.getMessage(), 0, failedAt);
        }
    }

    private DeadLetter letter(String batchId, Map<String, String> h, Instant failedAt) {
        List<String> names = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            if (h.get("p") != null) {
                for (BatchCodec.Step step : codec.decode(h.get("p"))) {
                    ids.add(TaskIds.taskId(batchId, ids.size()));
                    names.add(step.name());
                }
            }
        } catch (PoisonTaskException e) {
            // unreadable payload: the error field says so
        }
        int k = count(h.get("k"));
        String failed = ids.isEmpty() ? null : TaskIds.taskId(batchId, Math.min(k, ids.size() - 1));
        int attempts = count(h.get("n"));
        return new DeadLetter(batchId, ids, names, failed, h.getOrDefault("e", "unknown"), attempts, failedAt);
    }

    // a damaged counter reads as 0 rather than failing the whole listing
    private static int count(String stored) {
        try {
            return stored == null ? 0 : Math.max(0, Integer.parseInt(stored));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public long count() {
        return redis.client().zcard(keys.dead);
    }

    @Override
    public boolean requeue(String batchId) {
        Object r = redis.script("requeue", List.of(keys.dead, keys.wait, keys.marker, keys.unreadable), List.of(keys.batch(batchId), batchId));
        return Long.valueOf(1).equals(r);
    }

    @Override
    public boolean delete(String batchId) {
        Object r = redis.script("delete-dead", List.of(keys.dead, keys.unreadable), List.of(keys.batch(batchId), batchId));
        return Long.valueOf(1).equals(r);
    }
}
