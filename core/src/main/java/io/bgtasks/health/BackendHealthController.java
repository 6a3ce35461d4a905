package io.bgtasks.health;

import io.bgtasks.auth.OperatorAccess;
import io.bgtasks.spi.BackendHealth;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /bgtasks/health}: 200 with {@code "status": "UP"} while the backend can take and run work, 503 with
 * {@code "DOWN"} when it cannot (its storage is unreachable, its worker died), with the backend's figures (backlog,
 * workers) either way: what a readiness probe needs. Enable with {@code bgtasks.health-endpoint.enabled=true}; move it
 * with {@code bgtasks.health-endpoint.path}. Runs on the blocking pool: the check is a storage round trip.
 */
@Controller("${bgtasks.health-endpoint.path:/bgtasks/health}")
@Requires(property = "bgtasks.health-endpoint.enabled", value = "true")
@Requires(beans = BackendHealth.class)
@ExecuteOn(TaskExecutors.BLOCKING)
class BackendHealthController {
    private final BackendHealth backend;

    BackendHealthController(BackendHealth backend) {
        this.backend = backend;
    }

    @Get
    HttpResponse<Map<String, Object>> health(HttpRequest<?> request) {
        BackendHealth.Report report = backend.checkOrDown();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        if (OperatorAccess.isOperator(request)) {
            body.putAll(report.details()); // figures and errors name hosts and sizes: for the operator only
        }
        return HttpResponse.status(report.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
