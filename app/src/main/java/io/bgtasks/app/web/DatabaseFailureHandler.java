package io.bgtasks.app.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A database failure answers 500 with a reference to the log line, never with the SQL error itself (which names
 * tables, columns and values: internals a client must not see).
 */
@Produces
@Singleton
@Requires(classes = {SQLException.class, ExceptionHandler.class})
final class DatabaseFailureHandler implements ExceptionHandler<SQLException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailureHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, SQLException exception) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("{} {} failed in the database (reference {})", request.getMethod(), request.getPath(), reference, exception);
        return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
            .body(Map.of("message", "the request could not be completed; reference " + reference + " in the server log"));
    }
}
