package io.bgtasks;

import io.micronaut.context.BeanContext;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a controller method take {@code BackgroundTasks tasks}: binds the request's own instance (the one
 * request-scoped beans of the same request inject), never the request body.
 */
@Singleton
final class BackgroundTasksBinder implements TypedRequestArgumentBinder<BackgroundTasks> {
    private final BeanContext context;

    BackgroundTasksBinder(BeanContext context) {
        this.context = context;
    }

    @Override
    public Argument<BackgroundTasks> argumentType() {
        return Argument.of(BackgroundTasks.class);
    }

    @Override
    public BindingResult<BackgroundTasks> bind(ArgumentConversionContext<BackgroundTasks> conversion, HttpRequest<?> request) {
        BackgroundTasks tasks = request.getAttribute(BackgroundTasks.REQUEST_ATTRIBUTE, BackgroundTasks.class)
            // the scope creates the instance and registers it on the request (RequestAware)
            .orElseGet(() -> ServerRequestContext.with(request,
                (Supplier<BackgroundTasks>) () -> context.getProxyTargetBean(BackgroundTasks.class, null)));
        return () -> Optional.of(tasks);
    }
}
