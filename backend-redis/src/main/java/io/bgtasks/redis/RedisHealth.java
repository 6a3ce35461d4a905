package io.bgtasks.redis;

import io.bgtasks.spi.BackendHealth;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Up while Redis answers, has memory left under its {@code maxmemory}, and, in a process that runs a worker, while its
 * fetcher thread lives. The details are the queue's figures for every process sharing the prefix (queued, leased
 * (running), delayed (waiting for their start time or a retry) and dead batches) and Redis's memory.
 * A failure is named by its kind only: the address and Redis's own message stay in the logs.
 */
@Singleton
final class RedisHealth implements BackendHealth {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisWorker worker;

    RedisHealth(RedisConnection redis, RedisKeys keys, @Nullable RedisWorker worker) {
        this.redis = redis;
        this.keys = keys;
        this.worker = worker;
    }

    @Override
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", "redis");
        Map<String, Long> backlog = Map.of();
        try (AbstractPipeline pipeline = redis.client().pipelined()) {
            // one round trip for the four counts and the memory figures
            Response<Long> queuedReply = pipeline.llen(keys.wait);
            Response<Long> leasedReply = pipeline.zcard(keys.active);
            Response<Long> delayedReply = pipeline.zcard(keys.delayed);
            Response<Long> deadReply = pipeline.zcard(keys.dead);
            Response<Object> memoryReply = pipeline.sendCommand(Protocol.Command.INFO, "memory");
            pipeline.sync();
            long queued = queuedReply.get();
            long leased = leasedReply.get();
            long delayed = delayedReply.get();
            long dead = deadReply.get();
            details.put("queued", queued);
            details.put("leased", leased);
            details.put("delayed", delayed);
            details.put("dead", dead);
            backlog = Map.of("queued", queued, "delayed", delayed, "running", leased, "dead", dead);
            String memory = SafeEncoder.encode((byte[]) memoryReply.get());
            long used = field(memory, "used_memory");
            long max = field(memory, "maxmemory");
            details.put("usedMemory", used);
            details.put("maxMemory", max);
            if (max > 0 && used >= max) {
                // with noeviction Redis refuses every enqueue now; workers still drain (their scripts may use memory)
                details.put("reason", "Redis is out of memory: new batches are refused (see docs/redis.md, Out of memory)");
                return new Report(false, details, backlog);
            }
        } catch (JedisDataException e) {
            details.put("reason", "a queue key holds the wrong type (see docs/redis.md, Damaged storage)");
            return new Report(false, details, backlog);
        } catch (RuntimeException e) {
            details.put("reason", "Redis does not answer (" + e.getClass().getSimpleName() + ")");
            return new Report(false, details, backlog);
        }
        if (worker != null) {
            Thread fetcher = worker.fetcher();
            boolean alive = fetcher != null && fetcher.isAlive();
            details.put("worker", alive ? "fetching" : "stopped");
            if (!alive) {
                details.put("reason", "this process's worker is not fetching");
                return new Report(false, details, backlog);
            }
        }
        return new Report(true, details, backlog);
    }

    /** A number field of an {@code INFO} section, or 0 when absent. */
    private static long field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }
}
