package io.bgtasks.app.support;

import io.bgtasks.BackgroundTasks;
import io.micronaut.runtime.http.scope.RequestScope;

/** A request-scoped dependency that adds its own task, like a FastAPI dependency taking BackgroundTasks. */
// tag::request-scoped[]
@RequestScope
public class AuditTrail {
    private final BackgroundTasks tasks;

    AuditTrail(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /** Adds an audit task; returns the batch id of the BackgroundTasks it used. */
    public String audit(String key) {
        tasks.addTask(TestTasks::record, key, "dependency");
        return tasks.batchId();
    }
    // end::request-scoped[]
}
