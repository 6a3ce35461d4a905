package io.bgtasks;

import io.bgtasks.internal.TaskCallFactory;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Lets a controller method take {@code BackgroundTasks tasks}: binds the request's own instance (the one
 * request-scoped beans of the same request inject), never the request body.
 *
 * <p>The instance is made here and registered on the request, not through Micronaut's request scope: the profile of
 * {@code /bench/three} put the scope at about 5 % of the event loop's time. A request-scoped bean that injects
 * {@code BackgroundTasks} later in the same request gets a scope instance that forwards to this one
 * ({@link BackgroundTasks#setRequest}).
 */
@Singleton
final class BackgroundTasksBinder implements TypedRequestArgumentBinder<BackgroundTasks> {
    private final TaskCallFactory factory;

    BackgroundTasksBinder(TaskCallFactory factory) {
        this.factory = factory;
    }

    @Override
    public Argument<BackgroundTasks> argumentType() {
        return Argument.of(BackgroundTasks.class);
    }

    @Override
    public BindingResult<BackgroundTasks> bind(ArgumentConversionContext<BackgroundTasks> conversion, HttpRequest<?> request) {
        BackgroundTasks tasks = request.getAttribute(BackgroundTasks.REQUEST_ATTRIBUTE, BackgroundTasks.class).orElse(null);
        if (tasks == null) {
            tasks = new BackgroundTasks(factory);
            request.setAttribute(BackgroundTasks.REQUEST_ATTRIBUTE, tasks);
        }
        Optional<BackgroundTasks> bound = Optional.of(tasks);
        return () -> bound;
    }
}
