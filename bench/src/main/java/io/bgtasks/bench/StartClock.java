package io.bgtasks.bench;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

/**
 * When a context's start-up event fired, before any other start-up listener (the JobRunr worker opens its
 * storage and starts its server in one). The JobRunr process scenario times from here, as the raw JobRunr
 * peer times from just before it opens the storage and starts its server: Micronaut's bean wiring is not
 * counted, everything JobRunr does is.
 */
@Singleton
final class StartClock implements ApplicationEventListener<StartupEvent>, Ordered {
    private volatile long nanos;

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        nanos = System.nanoTime();
    }

    long nanos() {
        return nanos;
    }
}
