package io.bgtasks.redis;

import io.bgtasks.spi.ScheduleLedger;
import io.bgtasks.spi.TaskSinkUnavailableException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.bgtasks.redis.RedisConnection.text;

/**
 * The schedule ledger in Redis: one hash, {@code P:schedules}, schedule name → last fired tick (epoch ms), shared by
 * every process on the same Redis and prefix and kept across restarts. Each call is one script ({@code ledger.lua}),
 * so a tick only replaces an earlier one, atomically. Ticks are kept to the millisecond.
 */
@Singleton
final class RedisScheduleLedger implements ScheduleLedger {
    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisScheduleLedger(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** @throws TaskSinkUnavailableException when Redis cannot be reached, or the ledger's key or value is damaged */
    @Override
    public Optional<Instant> lastFired(String schedule) {
        return tick(redis.scriptOrUnavailable("ledger", List.of(keys.schedules), List.of(schedule)));
    }

    /** @throws TaskSinkUnavailableException when Redis cannot be reached or refuses the write (its key damaged, OOM) */
    @Override
    public void fired(String schedule, Instant tick) {
        redis.scriptOrUnavailable("ledger", List.of(keys.schedules), List.of(schedule, Long.toString(tick.toEpochMilli())));
    }

    private static Optional<Instant> tick(Object reply) {
        // the script returns false (null here) when no tick is recorded, else whole milliseconds it has checked
        return reply == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(text(reply))));
    }
}
