package io.bgtasks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Netty server's {@link ResponseFlush}: an empty write from the pipeline's first context queues behind the
 * response's last bytes, and its completion means they were flushed to the socket.
 *
 * <p>Why it uses {@link NettyHttpRequest}, which Micronaut marks internal: {@code HttpRequestTerminatedEvent} fires
 * while the last bytes may still sit in Netty's outbound buffer (measured: a few hundred bytes), and Micronaut 5 has
 * no public "response written" callback nor a public way from a request to its channel. This class is the only
 * place that touches Netty; it is off when the Netty server is not on the classpath, and if a Micronaut upgrade
 * changes the type, only the flush wait is lost (see {@link AfterResponseHook}).
 *
 * <p>The callbacks of the responses one event loop flushes in one pass over its ready connections run together, as
 * a task queued on that loop after the pass: each callback starts a batch on a virtual thread, and started one by
 * one, between two requests, each start woke an idle carrier thread (a futex wake on each side, in the profile of
 * {@code /bench/three} the largest cost per batch). Started back to back, one wake serves them all.
 */
@Singleton
@Requires(classes = NettyHttpRequest.class)
final class NettyResponseFlush implements ResponseFlush {
    /** Per event loop: callbacks whose flush completed in the loop's current pass, in completion order. */
    private final FastThreadLocal<ArrayList<Runnable>> flushed = new FastThreadLocal<>() {
        @Override
        protected ArrayList<Runnable> initialValue() {
            return new ArrayList<>();
        }
    };

    @Override
    public void afterFlush(HttpRequest<?> request, Runnable then) {
        if (request instanceof NettyHttpRequest<?> netty) {
            Channel channel = netty.getChannelHandlerContext().channel();
            if (channel.isActive()) {
                EventLoop loop = channel.eventLoop();
                channel.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener(written -> afterPass(loop, then));
                return;
            }
        }
        then.run();
    }

    /** Queues {@code then} to run after the event loop's current pass (listeners run on the channel's loop). */
    private void afterPass(EventLoop loop, Runnable then) {
        if (!loop.inEventLoop()) {
            then.run();
            return;
        }
        ArrayList<Runnable> pending = flushed.get();
        pending.add(then);
        if (pending.size() == 1) {
            try {
                loop.execute(() -> runAll(pending));
            } catch (RejectedExecutionException shuttingDown) {
                runAll(pending);
            }
        }
    }

    private static void runAll(ArrayList<Runnable> pending) {
        // a callback never adds to the list (it submits a batch), but copy anyway so that one that did would not be lost
        Runnable[] now = pending.toArray(new Runnable[0]);
        pending.clear();
        for (Runnable r : now) {
            r.run();
        }
    }
}
