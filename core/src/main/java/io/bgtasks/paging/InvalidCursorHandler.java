package io.bgtasks.paging;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** A bad cursor is the client's mistake: 400 with the fix, never a 500. */
@Singleton
@Produces
@Requires(classes = ExceptionHandler.class)
final class InvalidCursorHandler implements ExceptionHandler<InvalidCursorException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidCursorException exception) {
        return HttpResponse.badRequest(Map.of("message", exception.getMessage()));
    }
}
