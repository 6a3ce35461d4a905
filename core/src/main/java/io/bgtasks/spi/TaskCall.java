package io.bgtasks.spi;

import io.bgtasks.RetryPolicy;
import io.micronaut.core.annotation.Nullable;

import java.util.Objects;

/**
 * One step of a batch: a registered task name and its arguments as a JSON array.
 *
 * @param id       the task id (stable: a retry or a redelivery keeps it)
 * @param name     the registered task name, {@code fully.qualified.Class#method}
 * @param argsJson the arguments, a JSON array encoded with the method's declared parameter types
 * @param retry    the policy chosen for this call (per call, else the method's {@code @TaskRetry}),
 *                 or null to use the backend's default
 * @param local    for an in-memory-only lambda (opt-in), the code to run; null for every durable task
 * @param decoded  the arguments as decoding {@code argsJson} yields them (copies, or the immutable scalars
 *                 themselves), kept from {@code addTask} so that a backend running the call in this JVM skips
 *                 the JSON; null for a call read back from storage
 */
public record TaskCall(String id, String name, String argsJson, @Nullable RetryPolicy retry, @Nullable LocalTask local,
                       @Nullable Object[] decoded) {

    /** Checks the mandatory parts. */
    public TaskCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argsJson, "argsJson");
    }

    /**
     * A call without decoded arguments (as read from storage).
     *
     * @param id the task id
     * @param name the task name
     * @param argsJson the arguments
     * @param retry the policy or null
     * @param local the local lambda or null
     */
    public TaskCall(String id, String name, String argsJson, @Nullable RetryPolicy retry, @Nullable LocalTask local) {
        this(id, name, argsJson, retry, local, null);
    }

    /**
     * @param policy the policy for this call
     * @return this call with another retry policy
     */
    public TaskCall withRetry(RetryPolicy policy) {
        return new TaskCall(id, name, argsJson, policy, local, decoded);
    }

    /**
     * @param backendDefault the backend's policy for tasks that declare none
     * @return the policy that applies to this call
     */
    public RetryPolicy retryOr(RetryPolicy backendDefault) {
        return retry != null ? retry : backendDefault;
    }

    /** Code of a local-only lambda task: runs only in the JVM that added it. */
    @FunctionalInterface
    public interface LocalTask {
        /**
         * Runs the lambda.
         *
         * @throws Exception whatever the lambda throws
         */
        void run() throws Exception;
    }
}
