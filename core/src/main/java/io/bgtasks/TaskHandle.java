package io.bgtasks;

import java.util.Objects;

/**
 * A task added to {@link BackgroundTasks}: its stable id (use it with {@code GET /tasks/{id}}) and the
 * options that may still be changed until the request's batch is handed off.
 */
public final class TaskHandle {
    private final String id;
    private final String name;
    private final String batchId;
    private volatile RetryPolicy retry;

    TaskHandle(String id, String name, String batchId, RetryPolicy retry) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.batchId = Objects.requireNonNull(batchId);
        this.retry = retry;
    }

    /** @return the task's id, unique and stable across retries and backends */
    public String id() {
        return id;
    }

    /** @return the registered task name, {@code fully.qualified.Class#method} */
    public String name() {
        return name;
    }

    /** @return the id of the batch (the request's tasks) this task belongs to */
    public String batchId() {
        return batchId;
    }

    /** @return the retry policy given for this call, or null to use the method's or the backend's */
    public RetryPolicy retryPolicy() {
        return retry;
    }

    /**
     * Sets the retry policy of this one call; it wins over {@link TaskRetry} and the backend default.
     *
     * @param policy the policy
     * @return this handle
     */
    public TaskHandle retry(RetryPolicy policy) {
        this.retry = Objects.requireNonNull(policy, "policy");
        return this;
    }

    @Override
    public String toString() {
        return name + "[" + id + "]";
    }
}
