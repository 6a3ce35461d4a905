package io.bgtasks.redis;

import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Durable hand-off: a request's batch is stored and queued in Redis by one script call, before the
 * response is written, so a 2xx means the tasks are in Redis. If Redis cannot be reached the request
 * fails with 503 and nothing is stored. A delayed batch is stored the same way but waits in the due-time set
 * ({@code P:delayed}) until its start time, where the workers' fetch finds it.
 */
@Singleton
final class RedisTaskSink implements TaskSink {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final BatchCodec codec;
    private final long window;

    RedisTaskSink(RedisConnection redis, RedisKeys keys, BatchCodec codec, RedisConfiguration configuration) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.window = configuration.getIdempotencyWindow().toMillis();
    }

    @Override
    public HandOff handOff() {
        return HandOff.BEFORE_RESPONSE;
    }

    @Override
    public void submit(TaskBatch batch) {
        store(List.of(batch));
    }

    /** Stores many batches in one script call, one round trip, all or none (bulk enqueue). */
    @Override
    public void submitAll(List<TaskBatch> batches) {
        store(batches);
    }

    /** @return how many batches were new (the others already existed: idempotency) */
    long store(Collection<TaskBatch> batches) {
        Instant now = Instant.now();
        List<String> args = new ArrayList<>(3 + batches.size() * 4);
        args.add(keys.prefix);
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(window));
        for (TaskBatch batch : batches) {
            args.add(batch.id());
            args.add(codec.encode(batch));
            args.add(batch.isDelayed(now) ? Long.toString(startMillis(batch.startAt())) : "0");
            args.add(batch.trace() == null ? "" : batch.trace().encoded());
        }
        return (Long) redis.scriptOrUnavailable("enqueue", List.of(keys.wait, keys.marker, keys.delayed), args);
    }

    /** Rounded up: due times are whole milliseconds, and a batch must not start before its start time. */
    private static long startMillis(Instant startAt) {
        long millis = startAt.toEpochMilli();
        return startAt.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    /** Idle when nothing is queued, leased or waiting for a retry, in any process sharing this Redis. */
    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((Long) redis.script("pending", List.of(keys.wait, keys.active, keys.delayed), List.of()) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
