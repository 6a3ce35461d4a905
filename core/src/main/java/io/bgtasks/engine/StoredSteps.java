package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.engine.BatchCodec;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.engine.StepPolicies;
import io.bgtasks.engine.TaskInvoker;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * A stored batch's steps as the executor runs them on a durable backend: decoded from the payload, each with the
 * durable policy rule ({@link StepPolicies}) and run through the registry ({@link TaskInvoker}).
 */
@Singleton
public final class StoredSteps {
    private final BatchCodec codec;
    private final TaskInvoker invoker;
    private final StepPolicies policies;

    StoredSteps(BatchCodec codec, TaskInvoker invoker, StepPolicies policies) {
        this.codec = codec;
        this.invoker = invoker;
        this.policies = policies;
    }

    /**
     * @param batchId the batch
     * @param payload its stored payload
     * @return its steps
     * @throws PoisonTaskException when the payload cannot be read
     */
    public List<Step> of(String batchId, String payload) throws PoisonTaskException {
        List<BatchCodec.Step> decoded = codec.decode(payload);
        List<Step> steps = new ArrayList<>(decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            steps.add(new Stored(TaskIds.taskId(batchId, i), decoded.get(i)));
        }
        return steps;
    }

    private final class Stored implements Step {
        private final String taskId;
        private final BatchCodec.Step step;

        Stored(String taskId, BatchCodec.Step step) {
            this.taskId = taskId;
            this.step = step;
        }

        @Override
        public String taskId() {
            return taskId;
        }

        @Override
        public String name() {
            return step.name();
        }

        @Override
        public RetryPolicy policy() throws PoisonTaskException {
            return policies.of(step);
        }

        @Override
        public void invoke() throws Exception {
            invoker.invoke(step.name(), step.args());
        }
    }
}
