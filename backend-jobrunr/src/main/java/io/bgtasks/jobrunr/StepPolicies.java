package io.bgtasks.jobrunr;

import io.bgtasks.RetryDefaults;
import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.RegisteredTask;
import io.bgtasks.spi.TaskInvoker;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** The retry policy of a step: its own (per call), else its method's {@code @TaskRetry}, else {@code bgtasks.retry.*}. */
@Singleton
@Requires(property = "bgtasks.backend", value = "jobrunr")
final class StepPolicies {
    private final TaskInvoker invoker;
    private final RetryPolicy defaults;

    StepPolicies(TaskInvoker invoker, RetryDefaults defaults) {
        this.invoker = invoker;
        this.defaults = defaults.policy();
    }

    /** @throws PoisonTaskException when the step names no registered task */
    RetryPolicy of(BatchCodec.Step step) throws PoisonTaskException {
        if (step.retry() != null) {
            return step.retry();
        }
        RegisteredTask task = invoker.require(step.name());
        return task.retry() != null ? task.retry() : defaults;
    }
}
