package io.bgtasks.redis;

import io.bgtasks.RetryPolicy;
import io.bgtasks.internal.TaskIds;
import io.bgtasks.spi.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.StepPolicies;
import io.bgtasks.spi.TaskInvoker;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs one leased batch: its steps in order from the checkpoint; after each successful step but the last,
 * a checkpoint (so a retry or a redelivery resumes there); a failure either schedules a durable retry or
 * dead-letters the batch, skipping the steps after it.
 */
@Singleton
@Requires(property = "bgtasks.backend", value = "redis")
final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger("io.bgtasks.redis");

    /** What became of a batch. */
    enum Outcome { DONE, RETRY, DEAD, LOST }

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisConfiguration configuration;
    private final BatchCodec codec;
    private final TaskInvoker invoker;
    private final StepPolicies policies;

    BatchProcessor(RedisConnection redis, RedisKeys keys, RedisConfiguration configuration, BatchCodec codec,
                   TaskInvoker invoker, StepPolicies policies) {
        this.redis = redis;
        this.keys = keys;
        this.configuration = configuration;
        this.codec = codec;
        this.invoker = invoker;
        this.policies = policies;
    }

    /**
     * @param batch the leased batch
     * @param token this worker's lease token
     * @return DONE when every step succeeded (the caller acknowledges it in its next fetch)
     */
    Outcome run(Leased batch, String token) {
        List<BatchCodec.Step> steps;
        try {
            steps = codec.decode(batch.payload());
        } catch (PoisonTaskException e) {
            return dead(batch, token, batch.step(), "poison: " + e.getMessage());
        }
        if (batch.step() >= steps.size()) {
            return dead(batch, token, batch.step(), "poison: checkpoint " + batch.step() + " is past the last step");
        }
        int attempt = batch.attempt();
        for (int i = batch.step(); i < steps.size(); i++) {
            BatchCodec.Step step = steps.get(i);
            String taskId = TaskIds.taskId(batch.id(), i);
            RetryPolicy policy;
            try {
                policy = policies.of(step);
            } catch (PoisonTaskException e) {
                return dead(batch, token, i, "poison: " + e.getMessage());
            }
            if (attempt > policy.maxAttempts()) {
                return dead(batch, token, i, "gave up: delivery " + attempt + " exceeds the " + policy.maxAttempts()
                    + " attempts allowed (workers stopped while running it)");
            }
            long started = System.currentTimeMillis();
            try {
                invoker.invoke(step.name(), step.args());
            } catch (PoisonTaskException e) {
                return dead(batch, token, i, "poison: task " + taskId + ": " + e.getMessage());
            } catch (Throwable error) {
                if (Thread.currentThread().isInterrupted()) {
                    // shutdown handed the batch back already: this attempt does not count
                    return Outcome.LOST;
                }
                String reason = error.getClass().getName() + ": " + error.getMessage();
                // record first, then log: when this worker no longer holds the batch (a shutdown handed it back
                // and interrupted the task, or its lease was reclaimed) nothing is retried or dead-lettered here
                if (policy.shouldRetry(error, attempt)) {
                    long delay = policy.delayAfter(attempt).toMillis();
                    if (!fail(batch, token, reason, "retry", System.currentTimeMillis() + delay)) {
                        return lost(batch, taskId, step, reason);
                    }
                    LOG.warn("background task {} [{}] attempt {}/{} failed ({}); retrying in {} ms", step.name(), taskId,
                        attempt, policy.maxAttempts(), reason, delay);
                    return Outcome.RETRY;
                }
                if (!fail(batch, token, reason, "dead", 0)) {
                    return lost(batch, taskId, step, reason);
                }
                LOG.error("background task {} [{}] of batch {} failed after {} attempt(s) and is dead-lettered; "
                    + "the {} task(s) after it are skipped", step.name(), taskId, batch.id(), attempt, steps.size() - i - 1, error);
                return Outcome.DEAD;
            }
            if (i == steps.size() - 1) {
                return Outcome.DONE;
            }
            long now = System.currentTimeMillis();
            Object kept = redis.script("step", List.of(keys.active), List.of(keys.batch(batch.id()), batch.id(), token,
                Long.toString(now), Long.toString(configuration.getLease().toMillis()), attempt + ":" + started + ":" + now + ";"));
            if (!Long.valueOf(1).equals(kept)) {
                LOG.warn("batch {} was reclaimed by another worker after step {} (lease lost); stopping here", batch.id(), i);
                return Outcome.LOST;
            }
            attempt = 1;
        }
        return Outcome.DONE;
    }

    private static Outcome lost(Leased batch, String taskId, BatchCodec.Step step, String reason) {
        LOG.info("background task {} [{}] ended ({}) after batch {} left this worker (handed back at shutdown, or its "
            + "lease was reclaimed); the attempt is not recorded, the batch runs again", step.name(), taskId, reason, batch.id());
        return Outcome.LOST;
    }

    private Outcome dead(Leased batch, String token, int step, String reason) {
        LOG.error("batch {} is dead-lettered at step {}: {}", batch.id(), step, reason);
        return fail(batch, token, reason, "dead", 0) ? Outcome.DEAD : Outcome.LOST;
    }

    private boolean fail(Leased batch, String token, String reason, String mode, long due) {
        Object done = redis.script("fail", List.of(keys.active, keys.delayed, keys.dead, keys.marker), List.of(keys.batch(batch.id()),
            batch.id(), token, Long.toString(System.currentTimeMillis()), reason, mode, Long.toString(due)));
        return Long.valueOf(1).equals(done);
    }
}
