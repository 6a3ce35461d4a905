package io.bgtasks;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;

/**
 * The Netty server's {@link ResponseFlush}: an empty write from the pipeline's first context queues behind the
 * response's last bytes, and its completion means they were flushed to the socket.
 *
 * <p>Why it uses {@link NettyHttpRequest}, which Micronaut marks internal: {@code HttpRequestTerminatedEvent} fires
 * while the last bytes may still sit in Netty's outbound buffer (measured: a few hundred bytes), and Micronaut 5 has
 * no public "response written" callback nor a public way from a request to its channel. This class is the only
 * place that touches Netty; it is off when the Netty server is not on the classpath, and if a Micronaut upgrade
 * changes the type, only the flush wait is lost (see {@link AfterResponseHook}).
 */
@Singleton
@Requires(classes = NettyHttpRequest.class)
final class NettyResponseFlush implements ResponseFlush {
    @Override
    public void afterFlush(HttpRequest<?> request, Runnable then) {
        if (request instanceof NettyHttpRequest<?> netty) {
            Channel channel = netty.getChannelHandlerContext().channel();
            if (channel.isActive()) {
                channel.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> then.run());
                return;
            }
        }
        then.run();
    }
}
