package io.bgtasks.redis;

import jakarta.inject.Singleton;

/**
 * The key layout (see docs/redis.md):
 * <ul>
 *   <li>{@code P:wait} list of queued batch ids, oldest first;</li>
 *   <li>{@code P:active} sorted set, leased batch id → lease deadline (ms);</li>
 *   <li>{@code P:delayed} sorted set, batch id waiting for its start time (a delayed batch) or a retry → due time
 *   (ms);</li>
 *   <li>{@code P:dead} sorted set, dead-lettered batch id → time of death (ms);</li>
 *   <li>{@code P:marker} sorted set with one member, the wake-up signal idle workers block on;</li>
 *   <li>{@code P:b:<batch id>} hash, the batch: payload and progress (its status);</li>
 *   <li>{@code P:done} list of succeeded batch ids whose status is kept, oldest first (the count bound);</li>
 *   <li>{@code P:i:<batch id>} string with a TTL, a batch submitted with an idempotency key (its window);</li>
 *   <li>{@code P:watched} sorted set, {@code <batch id> <token>} → when the watch lapses (ms): the batches whose
 *   status an event stream watches, so that workers publish their changes on the channel {@code P:status};</li>
 *   <li>{@code P:unreadable} hash, dead batch id → reason, for a batch whose own key is not a hash (written by
 *   someone else), so that the dead letters can still say why;</li>
 *   <li>{@code P:schedules} hash, schedule name → its last fired tick (epoch ms): the schedule ledger, shared by all
 *   processes, only moving forward.</li>
 * </ul>
 */
@Singleton
final class RedisKeys {
    final String prefix;
    final String wait;
    final String active;
    final String delayed;
    final String dead;
    final String marker;
    final String unreadable;
    final String done;
    final String watched;
    final String statusChannel;
    final String schedules;

    RedisKeys(RedisConfiguration configuration) {
        prefix = configuration.getPrefix();
        wait = prefix + ":wait";
        active = prefix + ":active";
        delayed = prefix + ":delayed";
        dead = prefix + ":dead";
        marker = prefix + ":marker";
        unreadable = prefix + ":unreadable";
        done = prefix + ":done";
        watched = prefix + ":watched";
        statusChannel = prefix + ":status";
        schedules = prefix + ":schedules";
    }

    String batch(String batchId) {
        return prefix + ":b:" + batchId;
    }
}
