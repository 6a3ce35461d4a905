/**
 * The Redis backend: durable, at-least-once, on Jedis. A request's batch is one hash plus an entry in the wait list
 * ({@code enqueue.lua}); workers lease batches ({@code fetch.lua}), renew their leases while they run and record
 * checkpoints, retries and dead letters through Lua scripts, so that every change of a batch is one atomic step. The
 * key layout is in {@code RedisKeys} and docs/redis.md.
 *
 * <p>Every bean of this package loads only with {@code bgtasks.backend=redis}: the condition lives here once.
 */
@Configuration
@Requires(property = "bgtasks.backend", value = "redis")
package io.bgtasks.redis;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
