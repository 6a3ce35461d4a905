package io.bgtasks;

import io.bgtasks.spi.TaskSink;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PostConstruct;

/**
 * Fails start-up with a clear message when {@code bgtasks.backend} names a backend that is not there, and builds
 * the backend's sink at once, so that a backend that cannot be built (a missing class, a bad setting) stops a
 * web-only process at start-up instead of failing every request later.
 */
@Context
final class BackendCheck {
    private final BeanContext context;
    private final BgTasksConfiguration configuration;

    BackendCheck(BeanContext context, BgTasksConfiguration configuration) {
        this.context = context;
        this.configuration = configuration;
    }

    @PostConstruct
    void check() {
        if (!context.containsBean(TaskSink.class)) {
            String backend = configuration.getBackend();
            throw new ConfigurationException("bgtasks.backend=" + backend + " but no backend module provides it. "
                + "Known backends: inmemory and inline (bgtasks-backend-inmemory), redis (bgtasks-backend-redis), "
                + "jobrunr (bgtasks-backend-jobrunr): add the module to the classpath or fix the property.");
        }
        context.getBean(TaskSink.class);
    }
}
