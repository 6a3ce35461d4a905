package io.bgtasks.redis;

import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.spi.TaskIds;
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

    RedisDeadLetters(RedisConnection redis, RedisKeys keys, BatchCodec codec) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
    }

    @Override
    public List<DeadLetter> list(int offset, int limit) {
        List<Tuple> ids = redis.client().zrevrangeWithScores(keys.dead, offset, offset + limit - 1L);
        List<DeadLetter> letters = new ArrayList<>(ids.size());
        for (Tuple t : ids) {
            Instant failedAt = Instant.ofEpochMilli((long) t.getScore());
            try {
                letters.add(letter(t.getElement(), redis.client().hgetAll(keys.batch(t.getElement())), failedAt));
            } catch (RuntimeException unreadable) {
                // one damaged entry is listed with its reason; it never hides the others
                String reason = redis.client().hget(keys.unreadable, t.getElement());
                letters.add(new DeadLetter(t.getElement(), List.of(), List.of(), null,
                    reason != null ? reason : "unreadable dead letter: " + unreadable.getMessage(), 0, failedAt));
            }
        }
        return letters;
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
