package io.bgtasks.dashboard;

import io.bgtasks.BgTasksConfiguration;
import io.bgtasks.deadletter.DeadLetter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.paging.KeysetPage;
import io.bgtasks.status.FinishedBatch;
import io.bgtasks.status.FinishedTasks;
import io.bgtasks.schedule.RecurringScheduler;
import io.bgtasks.spi.BackendHealth;
import io.bgtasks.spi.TaskIds;
import io.bgtasks.status.TaskStatus;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard: one page ({@code GET {path}}) and the JSON it reads ({@code {path}/api/...}), built only on the
 * APIs every backend has: health figures, this process's throughput, the recently finished batches by outcome, a task
 * and its batch by id, the dead letters (durable backends) with requeue and delete, and the recurring schedules. The
 * listings are keyset pages ({@code after} = the {@code next} of the page before), so an old page costs what the
 * newest does.
 */
@Controller("${bgtasks.dashboard.path:/bgtasks/dashboard}")
@Requires(property = "bgtasks.dashboard.enabled", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class DashboardController {
    /** A batch has at most this many steps listed in a task's detail. */
    private static final int MAX_STEPS = 1000;

    private final String page;
    private final BgTasksConfiguration bgtasks;
    private final @Nullable BackendHealth health;
    private final Throughput throughput;
    private final TaskStatusQuery statuses;
    private final @Nullable DeadLetters deadLetters;
    private final RecurringScheduler schedules;
    private final @Nullable FinishedTasks finished;

    DashboardController(DashboardConfiguration configuration, BgTasksConfiguration bgtasks, @Nullable BackendHealth health,
                        Throughput throughput, TaskStatusQuery statuses, @Nullable DeadLetters deadLetters,
                        RecurringScheduler schedules, @Nullable FinishedTasks finished) {
        this.finished = finished;
        this.page = resource("index.html").replace("__BASE__", configuration.getPath());
        this.bgtasks = bgtasks;
        this.health = health;
        this.throughput = throughput;
        this.statuses = statuses;
        this.deadLetters = deadLetters;
        this.schedules = schedules;
    }

    private static String resource(String name) {
        try (InputStream in = DashboardController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = MediaType.TEXT_HTML)
    String page() {
        return page;
    }

    @Get("/api/overview")
    Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", bgtasks.getBackend());
        if (health != null) {
            BackendHealth.Report report = health.checkOrDown();
            body.put("status", report.up() ? "UP" : "DOWN");
            body.put("figures", report.details());
        }
        body.put("deadLetters", deadLetters != null);
        body.put("throughput", throughput.series());
        body.put("schedules", schedules.list());
        return body;
    }

    @Get("/api/tasks/{id}")
    HttpResponse<?> task(@PathVariable String id) {
        TaskIds.TaskRef ref = TaskIds.parse(id);
        TaskStatus status = ref == null ? null : statuses.find(id).orElse(null);
        if (status == null) {
            return HttpResponse.notFound(Map.of("message", "no task with id " + id + " (unknown, or its record expired)"));
        }
        List<TaskStatus> batch = statuses.batch(ref.batchId());
        if (batch.size() > MAX_STEPS) {
            batch = batch.subList(0, MAX_STEPS);
        }
        return HttpResponse.ok(Map.of("task", status, "batch", batch));
    }

    @Get("/api/finished")
    HttpResponse<?> finished(@QueryValue(defaultValue = "all") String outcome, @QueryValue @Nullable String after,
                             @QueryValue(defaultValue = "20") int limit) {
        FinishedTasks.Outcome which = outcome(outcome);
        if (which == null || limit < 1 || limit > 200) {
            return HttpResponse.badRequest(Map.of("message", "outcome must be all, succeeded or failed, and limit 1 to 200"));
        }
        if (finished == null || !finished.listable()) {
            return HttpResponse.ok(Map.of("listable", false, "items", List.of()));
        }
        // a bad cursor throws InvalidCursorException, which core answers with 400
        KeysetPage<FinishedBatch> page = finished.recent(which, after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("listable", true);
        body.put("items", page.items());
        body.put("next", page.next());
        return HttpResponse.ok(body);
    }

    private static FinishedTasks.@Nullable Outcome outcome(String text) {
        try {
            return FinishedTasks.Outcome.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Get("/api/dead-letters")
    HttpResponse<?> deadLetters(@QueryValue @Nullable String after, @QueryValue(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 200) {
            return HttpResponse.badRequest(Map.of("message", "limit must be 1 to 200"));
        }
        if (deadLetters == null) {
            return HttpResponse.notFound(Map.of("message", "the " + bgtasks.getBackend() + " backend keeps no dead letters"));
        }
        KeysetPage<DeadLetter> page = deadLetters.page(after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", deadLetters.count());
        body.put("items", page.items());
        body.put("next", page.next());
        return HttpResponse.ok(body);
    }

    @Post("/api/dead-letters/{batchId}/requeue")
    HttpResponse<?> requeue(@PathVariable String batchId) {
        return act(batchId, deadLetters != null && TaskIds.isBatchId(batchId) && deadLetters.requeue(batchId));
    }

    @Delete("/api/dead-letters/{batchId}")
    HttpResponse<?> delete(@PathVariable String batchId) {
        return act(batchId, deadLetters != null && TaskIds.isBatchId(batchId) && deadLetters.delete(batchId));
    }

    private static HttpResponse<?> act(String batchId, boolean done) {
        return done ? HttpResponse.noContent()
            : HttpResponse.notFound(Map.of("message", "no dead letter with batch id " + batchId));
    }
}
