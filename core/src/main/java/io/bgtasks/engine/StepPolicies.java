package io.bgtasks.engine;

import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.RetryDefaults;
import io.bgtasks.RetryPolicy;
import jakarta.inject.Singleton;

/**
 * The retry policy of a durable step: its own (per call), else its method's {@code @TaskRetry}, else
 * {@code bgtasks.retry.*}. One rule for every durable backend.
 */
@Singleton
public final class StepPolicies {
    private final TaskInvoker invoker;
    private final RetryPolicy defaults;

    StepPolicies(TaskInvoker invoker, RetryDefaults defaults) {
        this.invoker = invoker;
        this.defaults = defaults.policy();
    }

    /**
     * @param step a decoded step
     * @return the policy that applies to it
     * @throws PoisonTaskException when the step names no registered task
     */
    public RetryPolicy of(BatchCodec.Step step) throws PoisonTaskException {
        if (step.retry() != null) {
            return step.retry();
        }
        RegisteredTask task = invoker.require(step.name());
        return task.retry() != null ? task.retry() : defaults;
    }
}
