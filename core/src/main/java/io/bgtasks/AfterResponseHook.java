package io.bgtasks;

import io.bgtasks.engine.TaskObservers;
import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.event.HttpRequestTerminatedEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request's batch to an after-response sink once the response's bytes are with the kernel.
 *
 * <p>{@link HttpRequestTerminatedEvent} fires when Micronaut is done with the request, but the last bytes may still
 * be in the server's outbound buffer: the server's {@link ResponseFlush} says when they left. The listener runs on
 * the event loop, which is why after-response sinks must not block in {@code submit}.
 */
@Singleton
final class AfterResponseHook implements ApplicationEventListener<HttpRequestTerminatedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AfterResponseHook.class);

    private final TaskSink sink;
    private final PendingHandOffs pending;
    private final @Nullable ResponseFlush flush;
    private final TaskObservers observers;

    AfterResponseHook(TaskSink sink, PendingHandOffs pending, @Nullable ResponseFlush flush, TaskObservers observers) {
        this.sink = sink;
        this.pending = pending;
        this.flush = flush;
        this.observers = observers;
    }

    @Override
    public void onApplicationEvent(HttpRequestTerminatedEvent event) {
        HttpRequest<?> request = event.getSource();
        TaskBatch batch = request.getAttribute(HandOffFilter.PENDING_BATCH, TaskBatch.class).orElse(null);
        if (batch == null) {
            return;
        }
        request.removeAttribute(HandOffFilter.PENDING_BATCH, TaskBatch.class);
        // a client that is gone does not stop the tasks: the handler succeeded, as on a durable backend
        if (flush == null) {
            submit(batch);
        } else {
            flush.afterFlush(request, () -> submit(batch));
        }
    }

    private void submit(TaskBatch batch) {
        try {
            sink.submit(batch);
            observers.submitted(batch);
        } catch (RuntimeException e) {
            LOG.error("background batch {} with tasks {} could not be handed off and will not run", batch.id(),
                batch.calls().stream().map(c -> c.name() + "[" + c.id() + "]").toList(), e);
        } finally {
            pending.done();
        }
    }
}
