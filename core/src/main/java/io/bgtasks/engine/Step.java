package io.bgtasks.engine;

import io.bgtasks.RetryPolicy;
import io.bgtasks.spi.PoisonTaskException;

/** One step of a batch as the {@link BatchExecutor} runs it: which task, under which policy, and how to call it. */
public interface Step {
    /** @return the task's id ({@code batchId.index}) */
    String taskId();

    /** @return the task's name ({@code class#method}) */
    String name();

    /**
     * @return the retry policy that applies to this step on this backend
     * @throws PoisonTaskException when the step names no registered task
     */
    RetryPolicy policy() throws PoisonTaskException;

    /**
     * Runs the task to completion (an async task's result is awaited).
     *
     * @throws PoisonTaskException when it can never run (unknown name, arguments that do not fit)
     * @throws Exception           whatever the task threw
     */
    void invoke() throws Exception;
}
