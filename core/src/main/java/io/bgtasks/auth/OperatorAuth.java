package io.bgtasks.auth;

import io.bgtasks.config.DeadLettersEndpointConfiguration;
import io.bgtasks.config.HealthEndpointConfiguration;
import io.bgtasks.config.StatusEndpointConfiguration;
import io.bgtasks.spi.TaskIds;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * HTTP Basic in front of every bgtasks endpoint. The operator (right credentials, or anyone on a loopback-only
 * server without credentials configured) gets everything; an anonymous caller may only read a task's status (errors
 * removed, when {@code bgtasks.status-endpoint.anonymous} is true) and the health's UP or DOWN; the rest answers 401.
 * Credentials are compared in constant time.
 */
@ServerFilter({
    "${bgtasks.status-endpoint.path:/tasks}/**",
    "${bgtasks.dead-letters-endpoint.path:/dead-letters}/**",
    "${bgtasks.health-endpoint.path:/bgtasks/health}/**",
    "${bgtasks.dashboard.path:/bgtasks/dashboard}/**"
})
@Requires(property = "bgtasks.auth.enabled", notEquals = "false")
final class OperatorAuth {
    private static final String EVENTS = "/events";
    private static final String CHALLENGE = "Basic realm=\"bgtasks\", charset=\"UTF-8\"";

    private final byte @Nullable [] expected;
    private final boolean openOnThisMachine;
    private final StatusEndpointConfiguration status;
    private final HealthEndpointConfiguration health;
    private final DeadLettersEndpointConfiguration deadLetters;
    private final @Nullable String dashboardPath;

    /** What a path may be read with. */
    private enum Guard { NONE, OPERATOR, ANONYMOUS_READ }

    OperatorAuth(AuthConfiguration configuration, ServerExposure exposure, StatusEndpointConfiguration status,
                 HealthEndpointConfiguration health, DeadLettersEndpointConfiguration deadLetters, Environment environment) {
        this.expected = configuration.hasCredentials() ? header(configuration.getUsername(), configuration.getPassword()) : null;
        this.openOnThisMachine = expected == null && exposure.loopbackOnly();
        this.status = status;
        this.health = health;
        this.deadLetters = deadLetters;
        // the dashboard is another module: read its two settings by name
        this.dashboardPath = environment.getProperty("bgtasks.dashboard.enabled", Boolean.class).orElse(false)
            ? environment.getProperty("bgtasks.dashboard.path", String.class).orElse("/bgtasks/dashboard") : null;
    }

    private static byte[] header(String username, String password) {
        String pair = username + ":" + password;
        return ("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
    }

    @RequestFilter
    @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        Guard guard = guardOf(request.getPath());
        if (guard == Guard.NONE) {
            return null; // an endpoint that is off: the path may be the application's own
        }
        String given = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        boolean operator;
        if (given != null) {
            if (expected == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                return unauthorized("wrong user name or password");
            }
            operator = true;
        } else if (openOnThisMachine) {
            operator = true;
        } else if (guard == Guard.ANONYMOUS_READ && request.getMethod() == HttpMethod.GET) {
            operator = false;
        } else {
            return unauthorized(expected == null
                ? "this endpoint needs the operator's credentials: set bgtasks.auth.username and bgtasks.auth.password"
                : "this endpoint needs the operator's credentials (HTTP Basic)");
        }
        request.setAttribute(OperatorAccess.ATTRIBUTE, operator);
        return null;
    }

    /**
     * A task's status and the health's state are readable by anyone; nothing else is. The anonymous shapes are
     * matched exactly (a task id, then nothing or /events), so another spelling of an operator's path (a trailing
     * slash, an encoded letter) falls to the operator's side.
     */
    private Guard guardOf(String path) {
        if (status.isEnabled() && under(path, status.getPath())) {
            return status.isAnonymous() && isTaskStatus(path.substring(status.getPath().length()))
                ? Guard.ANONYMOUS_READ : Guard.OPERATOR;
        }
        if (health.isEnabled() && under(path, health.getPath())) {
            return path.equals(health.getPath()) ? Guard.ANONYMOUS_READ : Guard.OPERATOR;
        }
        if (deadLetters.isEnabled() && under(path, deadLetters.getPath())
            || dashboardPath != null && under(path, dashboardPath)) {
            return Guard.OPERATOR;
        }
        return Guard.NONE;
    }

    /** @param rest what follows the status path: "/{task id}" or "/{task id}/events" */
    private static boolean isTaskStatus(String rest) {
        if (!rest.startsWith("/")) {
            return false;
        }
        String id = rest.endsWith(EVENTS) ? rest.substring(1, rest.length() - EVENTS.length()) : rest.substring(1);
        return TaskIds.parse(id) != null;
    }

    private static boolean under(String path, String base) {
        return path.equals(base) || path.startsWith(base) && path.charAt(base.length()) == '/';
    }

    private static HttpResponse<?> unauthorized(String message) {
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
            .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
            .body(Map.of("message", message));
    }
}
