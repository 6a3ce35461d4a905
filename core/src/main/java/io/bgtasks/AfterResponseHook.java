package io.bgtasks;

import io.bgtasks.spi.TaskBatch;
import io.bgtasks.spi.TaskSink;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.event.HttpRequestTerminatedEvent;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a request's batch to an after-response sink once the response's bytes are with the kernel.
 *
 * <p>{@link HttpRequestTerminatedEvent} fires when Micronaut is done with the request, but the last
 * bytes may still sit in Netty's outbound buffer. An empty write from the pipeline's first context
 * queues behind them, and its completion means everything before it was flushed to the socket. The
 * listener runs on the event loop, which is why after-response sinks must not block in {@code submit}.
 */
@Singleton
final class AfterResponseHook implements ApplicationEventListener<HttpRequestTerminatedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AfterResponseHook.class);

    private final TaskSink sink;
    private final PendingHandOffs pending;

    AfterResponseHook(TaskSink sink, PendingHandOffs pending) {
        this.sink = sink;
        this.pending = pending;
    }

    @Override
    public void onApplicationEvent(HttpRequestTerminatedEvent event) {
        HttpRequest<?> request = event.getSource();
        TaskBatch batch = request.getAttribute(HandOffFilter.PENDING_BATCH, TaskBatch.class).orElse(null);
        if (batch == null) {
            return;
        }
        request.removeAttribute(HandOffFilter.PENDING_BATCH, TaskBatch.class);
        if (request instanceof NettyHttpRequest<?> netty) {
            Channel channel = netty.getChannelHandlerContext().channel();
            if (channel.isActive()) {
                channel.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(written -> submit(batch));
                return;
            }
        }
        // the client is gone: the handler succeeded, so the tasks still run, as on a durable backend
        submit(batch);
    }

    private void submit(TaskBatch batch) {
        try {
            sink.submit(batch);
        } catch (RuntimeException e) {
            LOG.error("background batch {} with tasks {} could not be handed off and will not run", batch.id(),
                batch.calls().stream().map(c -> c.name() + "[" + c.id() + "]").toList(), e);
        } finally {
            pending.done();
        }
    }
}
