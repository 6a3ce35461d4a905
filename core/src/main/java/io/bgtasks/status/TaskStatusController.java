package io.bgtasks.status;

import io.bgtasks.auth.OperatorAccess;
import io.bgtasks.spi.StatusChanges;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.bgtasks.config.StatusEndpointConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /tasks/{id}}: a task's status as JSON, 404 for an unknown or expired id; {@code GET /tasks/{id}/events}:
 * the same as Server-Sent Events, one {@code status} event per change until the task is final (an unknown id gets
 * one {@code not-found} event). Enable with {@code bgtasks.status-endpoint.enabled=true}; move it with
 * {@code bgtasks.status-endpoint.path}. On a backend that pushes changes ({@link StatusChanges}: in-memory, Redis)
 * the stream reads the status when told it changed; on the others it polls every
 * {@code bgtasks.status-endpoint.poll-interval} (default 250ms).
 */
@Controller("${bgtasks.status-endpoint.path:/tasks}")
@Requires(property = "bgtasks.status-endpoint.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class TaskStatusController {
    private final TaskStatusQuery query;
    private final @Nullable StatusChanges changes;
    private final StatusEndpointConfiguration configuration;

    TaskStatusController(TaskStatusQuery query, @Nullable StatusChanges changes, StatusEndpointConfiguration configuration) {
        this.query = query;
        this.changes = changes;
        this.configuration = configuration;
    }

    @Get(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<?>> events(@PathVariable String id, HttpRequest<?> request) {
        return new StatusEventStream(view(request), changes, id, configuration, Duration.ofHours(1));
    }

    @Get("/{id}")
    HttpResponse<?> status(@PathVariable String id, HttpRequest<?> request) {
        return view(request).apply(id)
            .<HttpResponse<?>>map(HttpResponse::ok)
            .orElseGet(() -> HttpResponse.notFound(Map.of("message", "no task with id " + id + " (unknown, or its record expired)")));
    }

    /** The operator sees a status whole; anyone else without its error text. */
    private Function<String, Optional<TaskStatus>> view(HttpRequest<?> request) {
        return OperatorAccess.isOperator(request) ? query::find : id -> query.find(id).map(TaskStatus::withoutError);
    }
}
