package io.bgtasks;

import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.support.RepeatedFailureLog;
import io.bgtasks.spi.TaskCall;
import io.bgtasks.spi.TaskSink;
import io.bgtasks.spi.TaskSinkUnavailableException;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * Seals a request's tasks once the handler's response exists: a failed handler (4xx/5xx) drops them, a
 * successful one hands them off, before the response for a durable backend (so that a 2xx means stored)
 * or after it is written for the in-memory one (see {@link AfterResponseHook}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class HandOffFilter implements Ordered {
    /** Request attribute holding a sealed batch that waits for the response to be written. */
    static final String PENDING_BATCH = "io.bgtasks.pendingBatch";
    /** Response header listing the ids of the tasks the request queued, comma separated. */
    static final String TASK_IDS_HEADER = "X-Task-Ids";
    private static final Logger LOG = LoggerFactory.getLogger(HandOffFilter.class);

    private final TaskSink sink;
    private final PendingHandOffs pending;
    private final ExecutorService blocking;
    private final TaskObservers observers;
    private final boolean taskIdsHeader;
    // an outage makes every request with tasks fail the same way: one stack, then a count per interval
    private final RepeatedFailureLog handOffFailures = new RepeatedFailureLog(LOG, Duration.ofSeconds(10));

    HandOffFilter(TaskSink sink, PendingHandOffs pending, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                  TaskObservers observers, BgTasksConfiguration configuration) {
        this.sink = sink;
        this.pending = pending;
        this.blocking = blocking;
        this.observers = observers;
        this.taskIdsHeader = configuration.isTaskIdsHeader();
    }

    /** Runs after every other filter's response phase, so it sees the final status. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    private static String taskIds(TaskBatch batch) {
        StringBuilder ids = new StringBuilder(batch.calls().size() * 40);
        for (TaskCall call : batch.calls()) {
            ids.append(ids.isEmpty() ? "" : ",").append(call.id());
        }
        return ids.toString();
    }

    @ResponseFilter
    CompletionStage<MutableHttpResponse<?>> handOff(HttpRequest<?> request, MutableHttpResponse<?> response) {
        BackgroundTasks tasks = request.getAttribute(BackgroundTasks.REQUEST_ATTRIBUTE, BackgroundTasks.class).orElse(null);
        if (tasks == null) {
            return CompletableFuture.completedFuture(response);
        }
        if (response.code() >= 400) {
            int dropped = tasks.discard();
            if (dropped > 0) {
                LOG.debug("{} {} answered {}: its {} background task(s) will not run", request.getMethod(),
                    request.getPath(), response.code(), dropped);
            }
            return CompletableFuture.completedFuture(response);
        }
        TaskBatch batch = tasks.seal();
        if (batch == null) {
            return CompletableFuture.completedFuture(response);
        }
        if (taskIdsHeader) {
            response.header(TASK_IDS_HEADER, taskIds(batch));
        }
        if (sink.handOff() == TaskSink.HandOff.AFTER_RESPONSE) {
            sink.announce(batch);
            pending.add();
            request.setAttribute(PENDING_BATCH, batch);
            return CompletableFuture.completedFuture(response);
        }
        // a durable sink blocks on its storage: never on the event loop
        return CompletableFuture.supplyAsync(() -> {
            try {
                sink.submit(batch);
                handOffFailures.recovered();
                observers.submitted(batch);
                return response;
            } catch (TaskSinkUnavailableException e) {
                handOffFailures.failed("could not hand off background tasks (answered 503)", e);
                return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    // the cause (an address, a key name) is for the log, not for the client
                    .body(Map.of("message", "background tasks could not be queued; nothing was stored, try again later"));
            }
        }, blocking);
    }
}
