package io.bgtasks.status;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * {@code GET /tasks/{id}}: a task's status as JSON, 404 for an unknown or expired id. Enable it with
 * {@code bgtasks.status-endpoint.enabled=true}; move it with {@code bgtasks.status-endpoint.path}.
 */
@Controller("${bgtasks.status-endpoint.path:/tasks}")
@Requires(property = "bgtasks.status-endpoint.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class TaskStatusController {
    private final TaskStatusQuery query;

    TaskStatusController(TaskStatusQuery query) {
        this.query = query;
    }

    @Get("/{id}")
    HttpResponse<?> status(@PathVariable String id) {
        return query.find(id)
            .<HttpResponse<?>>map(HttpResponse::ok)
            .orElseGet(() -> HttpResponse.notFound(Map.of("message", "no task with id " + id + " (unknown, or its record expired)")));
    }
}
